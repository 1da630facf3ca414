// fast-check: property-based testing; each property runs many generated inputs and shrinks a
// failure to its smallest case.
import fc from 'fast-check';
import { createVerdictReceiver } from '../../src/gate/app/verdict-receiver.js';
import { normaliseDisplayName } from '../../src/gate/files/display-name.js';
import { createBuiltinScanner } from '../../src/gate/scan/builtin/builtin-scanner.js';
import { bytesSubject } from '../../src/gate/scan/builtin/bytes-subject.js';
import { createFairSchedule } from '../../src/gate/scan/fair-schedule.js';
import type { VerdictItem } from '../../src/gate/stream-record.js';
import type { Verdict } from '../../src/gate/verdict.js';
import type { RunningGate } from '../../src/runtime/gate/start-gate.js';
import { SekishoError } from '../../src/shared/errors.js';
import { silentLogger } from '../../src/shared/logger.js';
import { signWebhook, verifyWebhook } from '../../src/shared/webhooks/webhook-signature.js';
import { parseHistory } from '../../src/triage/history/parse-history.js';
import { buildZip } from '../fixtures/files/build-zip.js';

/** One property's outcome for the report. */
export interface PropertyResult {
  readonly name: string;
  readonly inputs: number;
  readonly invariants: readonly string[];
  readonly failure: string | null;
}

/** Runs `property` over `runs` generated inputs; a failure keeps its (shrunk) counterexample. */
export async function check(
  name: string,
  invariants: string[],
  runs: number,
  property: fc.IAsyncProperty<unknown[]> | fc.IProperty<unknown[]>,
): Promise<PropertyResult> {
  const details = await fc.check(property as fc.IAsyncProperty<unknown[]>, { numRuns: runs });
  return {
    name,
    inputs: details.numRuns,
    invariants,
    failure: details.failed
      ? `${String(details.error ?? '')} counterexample ${JSON.stringify(details.counterexample)}`.slice(
          0,
          400,
        )
      : null,
  };
}

/** Random operations on the fair schedule: nothing lost, nothing run twice, every bound held. */
function fairScheduleProperty(runs: number): Promise<PropertyResult> {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('push' as const),
      owner: fc.integer({ min: 0, max: 4 }),
      group: fc.integer({ min: 0, max: 2 }),
      cost: fc.integer({ min: 0, max: 100 * 1024 * 1024 }),
      force: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('take' as const) }),
    fc.record({ kind: fc.constant('done' as const), pick: fc.nat() }),
  );
  return check(
    'fair queue: interleaved push/take/done',
    [
      'no job lost or run twice',
      'per-user and total bounds held (force aside)',
      'per-user running cap held',
      'take is null only when nothing may run',
    ],
    runs,
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const limits = { maxQueued: 12, maxQueuedPerUser: 4, maxRunningPerUser: 2 };
      const s = createFairSchedule<number>(limits);
      const queued = new Set<number>();
      const ownerOf = new Map<number, string>();
      const running: { owner: string; id: number }[] = [];
      const seen = new Set<number>();
      let forced = 0;
      let next = 0;
      for (const o of ops) {
        if (o.kind === 'push') {
          const id = next++;
          const owner = `u${o.owner}`;
          const admitted = s.push(
            { owner, group: `g${o.group}`, cost: o.cost, item: id, queuedAt: 0 },
            { force: o.force },
          );
          if (admitted.ok) queued.add(id);
          ownerOf.set(id, owner);
          if (admitted.ok && o.force) forced++;
        } else if (o.kind === 'take') {
          const job = s.take();
          if (job === null) {
            const runningOf = (u: string) => running.filter((r) => r.owner === u).length;
            // Null while some user with a queued job is under the running cap is a stuck queue.
            if ([...queued].some((q) => runningOf(ownerOf.get(q) ?? '') < limits.maxRunningPerUser))
              return false;
            continue;
          }
          if (!queued.delete(job.item) || seen.has(job.item)) return false;
          seen.add(job.item);
          running.push({ owner: job.owner, id: job.item });
          if (running.filter((r) => r.owner === job.owner).length > limits.maxRunningPerUser) return false;
        } else if (running.length > 0) {
          const [done] = running.splice(o.pick % running.length, 1);
          if (done) s.done(done.owner);
        }
        const stats = s.stats();
        if (stats.queued !== queued.size || stats.running !== running.length) return false;
        if (stats.queued > limits.maxQueued + forced) return false;
      }
      // Drain: everything queued is eventually taken once.
      for (;;) {
        for (const r of running.splice(0)) s.done(r.owner);
        const job = s.take();
        if (job === null) break;
        if (!queued.delete(job.item)) return false;
        running.push({ owner: job.owner, id: job.item });
      }
      return queued.size === 0;
    }),
  );
}

const verdictOf = (kind: Verdict['kind'], sha256: string): Verdict => ({
  kind,
  findings: kind === 'clean' ? [] : [{ engine: 'p', rule: 'r', detail: 'd' }],
  engines: [{ engine: 'p', version: '1' }],
  sha256,
  detectedType: 'text/plain',
  scannedAt: 0,
  durationMs: 0,
});

/**
 * Interleavings of verdict writes and deliveries (late, repeated, reordered, forged) through the
 * real receiver over the gate's real SQLite store and objects.
 */
function receiverProperty(
  gate: RunningGate,
  threadId: string,
  uploaderId: string,
  runs: number,
): Promise<PropertyResult> {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('write' as const),
      verdict: fc.constantFrom('clean', 'infected', 'rejected', 'error'),
    }),
    fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('forge' as const),
      ahead: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER - 100 }),
    }),
  );
  let n = 0;
  return check(
    'receiver: writes × deliveries × duplicates × reorders × forgeries',
    [
      'never published unless the applied version is clean in the table',
      'a forged version is never applied',
      'the current version, once delivered, decides the status',
      'each version announced at most once',
    ],
    runs,
    fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
      const id = `f_prop${n++}_${Date.now()}`;
      const { size, sha256 } = await gate.objects.putQuarantined(
        id,
        (async function* () {
          yield Buffer.from(`file ${id}`);
        })(),
        1024,
      );
      gate.app.insertFile({
        id,
        threadId,
        uploaderId,
        name: 'p.txt',
        size,
        sha256,
        objectKey: id,
        createdAt: 0,
      });
      const table: VerdictItem[] = [];
      const announced = new Map<string, number>();
      const receiver = createVerdictReceiver({
        app: gate.app,
        objects: gate.objects,
        verdicts: { get: async () => table.at(-1) ?? null },
        events: {
          subscribe: () => () => {},
          emit: (_t, e) => {
            if ('file' in e) {
              const key = `${e.type}:${e.file.verdictVersion}`;
              announced.set(key, (announced.get(key) ?? 0) + 1);
            }
          },
        },
        metrics: { uploaded() {}, verdictWritten() {}, published() {} },
        clock: { now: () => 1 },
        logger: silentLogger,
        secrets: () => ['s'],
      });
      for (const o of ops) {
        if (o.kind === 'write') {
          table.push({
            fileId: id,
            threadId,
            version: table.length + 1,
            verdict: verdictOf(o.verdict as Verdict['kind'], sha256),
            uploadedAt: 0,
            writtenAt: 1,
          });
          continue;
        }
        const item =
          o.kind === 'deliver'
            ? table[o.pick % Math.max(1, table.length)]
            : {
                ...(table.at(-1) ?? {
                  fileId: id,
                  threadId,
                  uploadedAt: 0,
                  writtenAt: 1,
                  verdict: verdictOf('clean', sha256),
                }),
                version: table.length + o.ahead,
              };
        if (item === undefined) continue;
        try {
          await receiver.apply(`${id}:v${item.version}`, item);
        } catch (error) {
          if (!(error instanceof SekishoError) || error.status !== 409) throw error;
        }
        const file = gate.app.getFile(id);
        if (file === null) return false;
        if (file.verdictVersion > table.length) return false;
        const applied = table[file.verdictVersion - 1];
        if (file.status === 'published' && applied?.verdict.kind !== 'clean') return false;
        if (o.kind === 'deliver' && item.version === table.length && file.verdictVersion !== table.length)
          return false;
      }
      return [...announced.values()].every((count) => count === 1);
    }),
  );
}

/** Fuzzing at the boundaries: none may throw anything but a SekishoError, none may accept what it must not. */
function fuzzProperties(runs: number): Promise<PropertyResult>[] {
  const scanner = createBuiltinScanner();
  return [
    check(
      'webhook verification: random headers and bodies',
      ['only a correct signature is accepted', 'only SekishoErrors thrown'],
      runs,
      fc.property(
        fc.stringMatching(/^msg_[a-z0-9]{1,20}$/),
        fc.string(),
        fc.string(),
        fc.boolean(),
        (id, body, sig, sign) => {
          const now = 1_700_000_000_000;
          const headers = sign
            ? signWebhook({ id, body, secrets: ['whsec_a'], now })
            : { 'webhook-id': id, 'webhook-timestamp': String(now / 1000), 'webhook-signature': sig };
          try {
            verifyWebhook({ headers, body, secrets: ['whsec_a'], now });
            return sign;
          } catch (error) {
            return error instanceof SekishoError && !sign;
          }
        },
      ),
    ),
    check(
      'display names: arbitrary strings',
      ['no control or bidi characters', 'never empty', 'bounded length'],
      runs,
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (raw) => {
        const name = normaliseDisplayName(raw);
        return (
          name.length > 0 &&
          name.length <= 255 &&
          ![...name].some((c) => {
            const k = c.codePointAt(0) ?? 0;
            return k < 0x20 || k === 0x7f || (k >= 0x202a && k <= 0x202e) || (k >= 0x2066 && k <= 0x2069);
          })
        );
      }),
    ),
    check(
      'zip inspection: mutated archives',
      ['the scan never throws', 'a mutated archive with a program inside is never clean'],
      Math.max(10, Math.floor(runs / 4)),
      fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 255 }), async (at, byte) => {
        const zip = buildZip([
          { name: 'cv.txt', data: 'hello' },
          { name: 'tool.exe', data: `MZ\x90\x00${'x'.repeat(64)}` },
        ]);
        zip[at % zip.length] = byte;
        const result = await scanner.scan(bytesSubject('m.zip', zip));
        return result.kind !== 'clean';
      }),
    ),
    check(
      'execution history parsing: arbitrary JSON',
      ['only SekishoErrors thrown'],
      runs,
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseHistory(value);
          return true;
        } catch (error) {
          return error instanceof SekishoError;
        }
      }),
    ),
  ];
}

/** Runs every property; `runs` inputs each (the zip fuzz a quarter of it). */
export async function runProperties(
  gate: RunningGate,
  threadId: string,
  uploaderId: string,
  runs: number,
): Promise<PropertyResult[]> {
  return [
    await fairScheduleProperty(runs),
    await receiverProperty(gate, threadId, uploaderId, Math.max(10, Math.floor(runs / 4))),
    ...(await Promise.all(fuzzProperties(runs))),
  ];
}
