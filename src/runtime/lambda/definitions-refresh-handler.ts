import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger, type Logger } from '../../shared/logger.js';
import {
  type DefinitionsLocation,
  type DefinitionsSource,
  freshclamSource,
  readManifest,
  refreshDefinitions,
} from './clamav-definitions.js';
import { emfSink, type MetricsSink } from './emf-metrics.js';
import { readEnv } from './lambda-env.js';

/** The refresh function's configuration, read once from its environment. */
export interface RefreshConfig {
  /** `SEKISHO_DEFINITIONS_BUCKET`. */
  readonly bucket: string;
  /** `SEKISHO_DEFINITIONS_PREFIX`, default `clamav/`. */
  readonly prefix: string;
  /** `SEKISHO_FRESHCLAM`, default `/usr/bin/freshclam` (Debian's, in the container image). */
  readonly freshclam: string;
}

/** Reads and checks the configuration, naming every missing or wrong variable at once. */
export function loadRefreshConfig(env: NodeJS.ProcessEnv): RefreshConfig {
  const read = readEnv(env);
  const config = {
    bucket: read.required('SEKISHO_DEFINITIONS_BUCKET', 'the bucket for ClamAV definitions'),
    prefix: read.optional('SEKISHO_DEFINITIONS_PREFIX') ?? 'clamav/',
    freshclam: read.optional('SEKISHO_FRESHCLAM') ?? '/usr/bin/freshclam',
  };
  read.check('definitions refresh function');
  return Object.freeze(config);
}

export interface RefreshDeps {
  readonly at: DefinitionsLocation;
  readonly source: DefinitionsSource;
  readonly workDir: string;
  readonly now: () => number;
  readonly metrics: MetricsSink;
  readonly logger: Logger;
}

/**
 * The scheduled refresh: freshclam brings the bucket's set up to date and the manifest is written.
 * Emits `DefinitionsAgeSeconds` either way: 0 after a refresh, the age of the set the bucket still
 * holds when the refresh failed (then it throws, so Lambda's error alarm fires too). The
 * definitions-age alarm fires when the metric passes two days or stops arriving.
 */
export function buildRefreshHandler(deps: RefreshDeps): () => Promise<{ uploaded: readonly string[] }> {
  const dimensions = { DefinitionsBucket: deps.at.bucket };
  return async () => {
    try {
      const outcome = await refreshDefinitions(deps.at, deps.source, deps.workDir, deps.now);
      deps.metrics(dimensions, { DefinitionsAgeSeconds: { value: 0, unit: 'Seconds' } });
      deps.logger.info(
        { uploaded: outcome.uploaded, removed: outcome.removed, files: outcome.manifest.files.length },
        'definitions refreshed',
      );
      return { uploaded: outcome.uploaded };
    } catch (error) {
      const last = await readManifest(deps.at).catch(() => null);
      if (last !== null)
        deps.metrics(dimensions, {
          DefinitionsAgeSeconds: { value: Math.round((deps.now() - last.checkedAt) / 1000), unit: 'Seconds' },
        });
      deps.logger.error({ err: error }, 'definitions refresh failed; scans keep the last set');
      throw error;
    }
  };
}

let built: (() => Promise<{ uploaded: readonly string[] }>) | undefined;

/** The Lambda entry point (the clamd image's `refresh.handler`), wired on the first event. */
export const handler = async (): Promise<{ uploaded: readonly string[] }> => {
  if (built === undefined) {
    const config = loadRefreshConfig(process.env);
    built = buildRefreshHandler({
      at: {
        s3: new S3Client({ forcePathStyle: process.env.SEKISHO_S3_FORCE_PATH_STYLE === 'true' }),
        bucket: config.bucket,
        prefix: config.prefix,
      },
      source: freshclamSource(config.freshclam),
      workDir: join(tmpdir(), 'clamav-refresh', 'db'),
      now: Date.now,
      metrics: emfSink(),
      logger: createLogger({ name: 'sekisho-definitions' }),
    });
  }
  return built();
};
