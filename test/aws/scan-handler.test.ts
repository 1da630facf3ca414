import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbVerdictStore } from '../../src/adapters/dynamodb/dynamodb-verdict-store.js';
import { createS3ObjectStore } from '../../src/adapters/s3/s3-object-store.js';
import { directorySource, refreshDefinitions } from '../../src/runtime/lambda/clamav-definitions.js';
import { noMetrics } from '../../src/runtime/lambda/emf-metrics.js';
import { buildScanHandler, loadScanConfig } from '../../src/runtime/lambda/scan-handler.js';
import { OBJECT_METADATA } from '../../src/runtime/lambda/scan-request.js';
import { silentLogger } from '../../src/shared/logger.js';
import { clamavTestFiles } from '../fixtures/clamav/test-files.js';
import { type AwsInABox, sqsEvent, startAwsInABox } from './support/aws-in-a-box.js';
import { createVerdictTable } from './support/verdict-table.js';

// Real servers (a JVM among them) on a 2-core machine shared with other suites: generous limits.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const BUCKET = 'gate-scan';
const DEFINITIONS = 'gate-definitions';
let box: AwsInABox;
let tableName: string;

beforeAll(async () => {
  box = await startAwsInABox([BUCKET, DEFINITIONS]);
  ({ tableName } = await createVerdictTable(box.dynamodb));
});
afterAll(async () => {
  await box?.stop();
});

const objects = () => createS3ObjectStore({ client: box.s3, bucket: BUCKET });
const verdicts = () => createDynamoDbVerdictStore({ client: box.dynamodb, tableName });

async function upload(fileId: string, bytes: Buffer, metadata: Record<string, string> | null = null) {
  await objects().putQuarantined(
    fileId,
    (async function* () {
      yield bytes;
    })(),
    10_000_000,
    metadata ?? {
      [OBJECT_METADATA.threadId]: 'thread-1',
      [OBJECT_METADATA.uploadedAt]: '1700000000000',
      [OBJECT_METADATA.displayName]: encodeURIComponent('履歴書.txt'),
    },
  );
  const event = await box.s3rver.nextEvent((e) => e.Records[0]?.s3.object.key === `quarantine/${fileId}`);
  return JSON.stringify(event);
}

const config = (env: Record<string, string> = {}) =>
  loadScanConfig({ SEKISHO_VERDICT_TABLE: tableName, SEKISHO_BUCKET: BUCKET, ...env });

describe('the scan function (S3 → SQS → scan → DynamoDB)', () => {
  it('scans an uploaded object and writes verdict version 1 with the sha256 of its bytes, then 2 on a rescan', async () => {
    const scan = buildScanHandler(config(), process.env, silentLogger, noMetrics);
    const message = await upload('f_clean', Buffer.from('A plain CV in text.\n'));
    expect(await scan(sqsEvent([message]))).toEqual({ batchItemFailures: [] });
    const v1 = await verdicts().get('f_clean');
    expect(v1).toMatchObject({
      fileId: 'f_clean',
      threadId: 'thread-1',
      version: 1,
      uploadedAt: 1700000000000,
    });
    expect(v1?.verdict.kind).toBe('clean');
    expect(v1?.verdict.sha256).toBe(await objects().sha256('f_clean'));
    await scan(sqsEvent([message]));
    expect((await verdicts().get('f_clean'))?.version).toBe(2);
  });

  it('writes infected for EICAR, and fails only the message whose object lacks the metadata', async () => {
    const scan = buildScanHandler(config(), process.env, silentLogger, noMetrics);
    const infected = await upload('f_eicar', clamavTestFiles.eicar);
    const bare = await upload('f_bare', Buffer.from('no metadata'), {});
    const event = sqsEvent([infected, bare]);
    const response = await scan(event);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.messageId }]);
    expect((await verdicts().get('f_eicar'))?.verdict.kind).toBe('infected');
    expect(await verdicts().get('f_bare')).toBeNull();
  });

  it('joins GuardDuty’s result to the other engines: THREATS_FOUND is infected, SKIPPED blocks, and plain S3 events are skipped', async () => {
    const emitted: Record<string, unknown>[] = [];
    const scan = buildScanHandler(
      config({ SEKISHO_ENGINES: 'builtin,guardduty' }),
      process.env,
      silentLogger,
      (dimensions, metrics) => emitted.push({ ...dimensions, ...metrics }),
    );
    const s3Event = await upload('f_gd', Buffer.from('looks fine to the built-in engine\n'));
    expect(await scan(sqsEvent([s3Event]))).toEqual({ batchItemFailures: [] });
    expect(await verdicts().get('f_gd')).toBeNull();
    const result = (scanStatus: string, scanResultStatus: string) =>
      JSON.stringify({
        source: 'aws.guardduty',
        'detail-type': 'GuardDuty Malware Protection Object Scan Result',
        detail: {
          scanStatus,
          s3ObjectDetails: { bucketName: BUCKET, objectKey: 'quarantine/f_gd', eTag: null },
          scanResultDetails: { scanResultStatus, threats: [{ name: 'Trojan.Test' }] },
        },
      });
    await scan(sqsEvent([result('COMPLETED', 'THREATS_FOUND')]));
    const v1 = await verdicts().get('f_gd');
    expect(v1?.verdict.kind).toBe('infected');
    expect(v1?.verdict.engines.map((e) => e.engine)).toEqual(['builtin', 'guardduty']);
    await scan(sqsEvent([result('SKIPPED', 'UNSUPPORTED')]));
    expect((await verdicts().get('f_gd'))?.verdict.kind).toBe('error');
    await scan(sqsEvent([result('COMPLETED', 'NO_THREATS_FOUND')]));
    expect((await verdicts().get('f_gd'))?.verdict.kind).toBe('clean');
    // The GuardDuty-failure alarm counts results that are neither clean nor infected.
    expect(emitted.filter((m) => 'GuardDutyFailures' in m)).toEqual([
      { Bucket: BUCKET, GuardDutyFailures: { value: 1, unit: 'Count' } },
    ]);
    expect(emitted.filter((m) => 'Verdicts' in m).map((m) => m.Kind)).toEqual(['infected', 'error', 'clean']);
  });

  it('records two concurrent scans of one file as versions 1 and 2 (the core job takes the next version when it loses one)', async () => {
    const message = await upload('f_twice', Buffer.from('scanned twice at once\n'));
    // Two containers: each its own handler, as the event source mapping would run them.
    const [a, b] = [0, 1].map(() => buildScanHandler(config(), process.env, silentLogger, noMetrics));
    const responses = await Promise.all([a, b].map((scan) => scan?.(sqsEvent([message]))));
    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect((await verdicts().get('f_twice'))?.version).toBe(2);
  });

  it('names every wrong variable at once', () => {
    expect(() =>
      loadScanConfig({ SEKISHO_ENGINES: 'builtin,sophos', SEKISHO_SCAN_TIMEOUT_MS: '-1' }),
    ).toThrow(
      /SEKISHO_VERDICT_TABLE must be set.*SEKISHO_BUCKET must be set.*SEKISHO_SCAN_TIMEOUT_MS must be a positive whole number.*SEKISHO_ENGINES may list only builtin, clamd, guardduty; got sophos/,
    );
  });
});

describe('the clamd container variant', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sekisho-warm-clamd-'));
    // The refresh function's side, with the test database as its source instead of freshclam.
    await cp(resolve(import.meta.dirname, '../fixtures/clamav'), join(dir, 'source'), {
      recursive: true,
      filter: (src) => !src.endsWith('.ts') && !src.endsWith('.md'),
    });
    await refreshDefinitions(
      { s3: box.s3, bucket: DEFINITIONS, prefix: 'clamav/' },
      directorySource(join(dir, 'source')),
      join(dir, 'refresh'),
      () => Date.now() - 3_600_000,
    );
    // The image's own database directory is empty here: clamd can start only with the bucket's.
    await mkdir(join(dir, 'image-db'));
    await writeFile(
      join(dir, 'clamd.conf'),
      [
        `LocalSocket ${join(dir, 'clamd.sock')}`,
        `DatabaseDirectory ${join(dir, 'image-db')}`,
        `PidFile ${join(dir, 'clamd.pid')}`,
        `TemporaryDirectory ${dir}`,
        'Foreground yes',
        'AlertExceedsMax yes',
        ...(process.getuid?.() === 0 ? ['User root'] : []),
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    // The handler started clamd and keeps it for the container's life: stop it by its PID.
    const pid = Number(await readFile(join(dir, 'clamd.pid'), 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(pid)) process.kill(pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the definitions from the bucket, starts Debian’s clamd once, keeps it warm across messages, and blocks what it finds', async () => {
    const emitted: Record<string, unknown>[] = [];
    const scan = buildScanHandler(
      config({
        SEKISHO_ENGINES: 'builtin,clamd',
        SEKISHO_CLAMD: `unix:${join(dir, 'clamd.sock')}`,
        SEKISHO_CLAMD_CONFIG: join(dir, 'clamd.conf'),
        SEKISHO_DEFINITIONS_BUCKET: DEFINITIONS,
        SEKISHO_DEFINITIONS_DIR: join(dir, 'loaded-db'),
      }),
      process.env,
      silentLogger,
      (dimensions, metrics) => emitted.push({ ...dimensions, ...metrics }),
    );
    await scan(sqsEvent([await upload('f_marker', clamavTestFiles.marker)]));
    const pid = await readFile(join(dir, 'clamd.pid'), 'utf8');
    await scan(sqsEvent([await upload('f_ok', Buffer.from('hello\n'))]));
    expect(await readFile(join(dir, 'clamd.pid'), 'utf8')).toBe(pid);
    const marker = await verdicts().get('f_marker');
    expect(marker?.verdict.kind).toBe('infected');
    expect(marker?.verdict.findings.map((f) => f.engine)).toContain('clamav');
    const ok = await verdicts().get('f_ok');
    expect(ok?.verdict.kind).toBe('clean');
    expect(ok?.verdict.engines.map((e) => e.engine)).toEqual(['builtin', 'clamav']);
    expect((await readdir(join(dir, 'loaded-db'))).sort()).toEqual(['sekisho-test.hsb', 'sekisho-test.ndb']);
    // Refreshed an hour ago: the age every scan reports for the definitions-age alarm.
    const ages = emitted.flatMap((m) =>
      'DefinitionsAgeSeconds' in m ? [(m.DefinitionsAgeSeconds as { value: number }).value] : [],
    );
    expect(ages).toHaveLength(2);
    for (const age of ages) expect(age).toBeGreaterThanOrEqual(3600);
  });
});
