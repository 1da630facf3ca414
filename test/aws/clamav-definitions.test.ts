import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type DefinitionsSource,
  directorySource,
  loadDefinitions,
  readManifest,
} from '../../src/runtime/lambda/clamav-definitions.js';
import {
  buildRefreshHandler,
  loadRefreshConfig,
} from '../../src/runtime/lambda/definitions-refresh-handler.js';
import { emfSink } from '../../src/runtime/lambda/emf-metrics.js';
import { silentLogger } from '../../src/shared/logger.js';
import { type AwsInABox, startAwsInABox } from './support/aws-in-a-box.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const BUCKET = 'gate-definitions';
const FIXTURES = resolve(import.meta.dirname, '../fixtures/clamav');
let box: AwsInABox;
let dir: string;

beforeAll(async () => {
  [box, dir] = await Promise.all([startAwsInABox([BUCKET]), mkdtemp(join(tmpdir(), 'sekisho-defs-'))]);
});
afterAll(async () => {
  await box?.stop();
  await rm(dir, { recursive: true, force: true });
});

const keys = async (prefix: string) =>
  ((await box.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? [])
    .map((o) => o.Key)
    .sort();

describe('the ClamAV definitions refresh (scheduled) and load (per scan container)', () => {
  it('uploads a source’s databases with a manifest, re-uploads only what changed, deletes what vanished, and emits the age metric', async () => {
    const source = join(dir, 'source');
    await cp(FIXTURES, source, { recursive: true, filter: (s) => !/\.(ts|md)$/.test(s) });
    let now = 1_800_000_000_000;
    const lines: string[] = [];
    const at = { s3: box.s3, bucket: BUCKET, prefix: 'clamav/' };
    // Every refresh of this test: the same bucket, work directory, clock and metric lines.
    const common = {
      at,
      workDir: join(dir, 'work', 'db'),
      now: () => now,
      metrics: emfSink(
        (line) => lines.push(line),
        () => now,
      ),
      logger: silentLogger,
    };
    const refresh = buildRefreshHandler({ ...common, source: directorySource(source) });

    expect(await refresh()).toEqual({ uploaded: ['sekisho-test.hsb', 'sekisho-test.ndb'] });
    expect(await keys('clamav/')).toEqual([
      'clamav/manifest.json',
      'clamav/sekisho-test.hsb',
      'clamav/sekisho-test.ndb',
    ]);
    expect((await readManifest(at))?.checkedAt).toBe(now);

    now += 3_600_000;
    expect(await refresh()).toEqual({ uploaded: [] });

    // A new signature in one file, another file withdrawn (its name gone from the source).
    await writeFile(
      join(source, 'sekisho-test.ndb'),
      `${await readFile(join(source, 'sekisho-test.ndb'), 'utf8')}Sekisho.Test.Extra:0:*:5345\n`,
    );
    await rm(join(source, 'sekisho-test.hsb'));
    await rm(join(dir, 'work'), { recursive: true, force: true });
    const withdrawn = buildRefreshHandler({
      ...common,
      // The work directory starts from the bucket's set, as freshclam's would: mirror the source exactly.
      source: {
        name: 'mirror',
        async update(db) {
          await rm(join(db, 'sekisho-test.hsb'), { force: true });
          await directorySource(source).update(db);
        },
      },
    });
    expect(await withdrawn()).toEqual({ uploaded: ['sekisho-test.ndb'] });
    expect(await keys('clamav/')).toEqual(['clamav/manifest.json', 'clamav/sekisho-test.ndb']);

    const loaded = join(dir, 'loaded');
    const manifest = await loadDefinitions(at, loaded);
    expect(manifest?.files.map((f) => f.name)).toEqual(['sekisho-test.ndb']);
    expect(await readFile(join(loaded, 'sekisho-test.ndb'), 'utf8')).toContain('Sekisho.Test.Extra');

    // Every successful refresh reports age 0 in CloudWatch's embedded metric format.
    const documents = lines.map((l) => JSON.parse(l));
    expect(documents).toHaveLength(3);
    expect(documents[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'sekisho',
            Dimensions: [['DefinitionsBucket']],
            Metrics: [{ Name: 'DefinitionsAgeSeconds', Unit: 'Seconds' }],
          },
        ],
      },
      DefinitionsBucket: BUCKET,
      DefinitionsAgeSeconds: 0,
    });
  });

  it('keeps the last set when the source fails, reports its age, and fails the invocation', async () => {
    const at = { s3: box.s3, bucket: BUCKET, prefix: 'failing/' };
    const lines: string[] = [];
    let now = 1_800_000_000_000;
    let fail = false;
    const source: DefinitionsSource = {
      name: 'flaky',
      async update(db) {
        if (fail) throw new Error('freshclam exited with 1: Can’t connect to database.clamav.net');
        await writeFile(join(db, 'one.ndb'), 'Sekisho.Test.One:0:*:5345\n');
      },
    };
    const refresh = buildRefreshHandler({
      at,
      source,
      workDir: join(dir, 'failing', 'db'),
      now: () => now,
      metrics: emfSink((line) => lines.push(line)),
      logger: silentLogger,
    });
    await refresh();
    fail = true;
    now += 3 * 86_400_000;
    await expect(refresh()).rejects.toThrow(/database\.clamav\.net/);
    expect(JSON.parse(lines.at(-1) ?? '{}').DefinitionsAgeSeconds).toBe(3 * 86_400);
    const body = await box.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'failing/one.ndb' }));
    expect(await body.Body?.transformToString()).toContain('Sekisho.Test.One');
  });

  it('names a missing bucket variable', () => {
    expect(() => loadRefreshConfig({})).toThrow(/SEKISHO_DEFINITIONS_BUCKET must be set/);
  });
});
