import { dirname, join } from 'node:path';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createClamdScanner } from '../../adapters/clamd/clamd-scanner.js';
import { createDynamoDbVerdictStore } from '../../adapters/dynamodb/dynamodb-verdict-store.js';
import { createS3ObjectStore, type S3ObjectStore } from '../../adapters/s3/s3-object-store.js';
import type { ObjectStore, Scanner } from '../../gate/ports.js';
import { createBuiltinScanner } from '../../gate/scan/builtin/builtin-scanner.js';
import { makeScanJob } from '../../gate/scan/scan-job.js';
import { systemClock } from '../../shared/clock.js';
import { createLogger, type Logger } from '../../shared/logger.js';
import { createGateAwsClients } from './aws-clients.js';
import { clamdConfigWithDatabase, loadDefinitions } from './clamav-definitions.js';
import { startWarmClamd, type WarmClamd } from './clamd-warm.js';
import { emfSink, type MetricsSink } from './emf-metrics.js';
import { readEnv } from './lambda-env.js';
import { readScanMessage } from './scan-message.js';
import { externalEngine, readScanRequest } from './scan-request.js';

/** The engines a scan function may run; `guardduty` means GuardDuty's result events start the scans. */
export type ScanEngineName = 'builtin' | 'clamd' | 'guardduty';
const ENGINES: readonly ScanEngineName[] = ['builtin', 'clamd', 'guardduty'];

/** The scan function's configuration, read once from its environment. */
export interface ScanLambdaConfig {
  /** `SEKISHO_VERDICT_TABLE`. */
  readonly tableName: string;
  /** `SEKISHO_BUCKET`. */
  readonly bucket: string;
  /** `SEKISHO_QUARANTINE_PREFIX`, default `quarantine/`. */
  readonly prefix: string;
  /** `SEKISHO_ENGINES`, comma-separated; default `builtin`. All must agree for a file to be clean. */
  readonly engines: readonly ScanEngineName[];
  /** `SEKISHO_SCAN_TIMEOUT_MS` per engine, default 60 000. */
  readonly timeoutMs: number;
  /** `SEKISHO_CLAMD`: clamd's address, default `unix:/tmp/clamd.sock` when clamd is an engine. */
  readonly clamdAddress: string;
  /** `SEKISHO_CLAMD_CONFIG`: when set, this function starts clamd itself and keeps it warm. */
  readonly clamdConfig: string | undefined;
  /**
   * `SEKISHO_DEFINITIONS_BUCKET`: where the refresh function keeps ClamAV's definitions. When set,
   * a container loads them from there before it starts clamd (else clamd uses the image's own).
   */
  readonly definitionsBucket: string | undefined;
  /** `SEKISHO_DEFINITIONS_PREFIX`, default `clamav/`. */
  readonly definitionsPrefix: string;
  /** `SEKISHO_DEFINITIONS_DIR`: where they are downloaded, default `/tmp/clamav-db`. */
  readonly definitionsDir: string;
}

/** Reads and checks the configuration, naming every missing or wrong variable at once. */
export function loadScanConfig(env: NodeJS.ProcessEnv): ScanLambdaConfig {
  const read = readEnv(env);
  const tableName = read.required('SEKISHO_VERDICT_TABLE', 'the verdict table name');
  const bucket = read.required('SEKISHO_BUCKET', 'the bucket holding the quarantine prefix');
  const listed = read.list('SEKISHO_ENGINES');
  const engines = (listed.length === 0 ? ['builtin'] : listed) as ScanEngineName[];
  const unknown = engines.filter((e) => !ENGINES.includes(e));
  const config = {
    tableName,
    bucket,
    prefix: read.optional('SEKISHO_QUARANTINE_PREFIX') ?? 'quarantine/',
    engines,
    timeoutMs: read.positiveInt('SEKISHO_SCAN_TIMEOUT_MS', 60_000),
    clamdAddress: read.optional('SEKISHO_CLAMD') ?? 'unix:/tmp/clamd.sock',
    clamdConfig: read.optional('SEKISHO_CLAMD_CONFIG'),
    definitionsBucket: read.optional('SEKISHO_DEFINITIONS_BUCKET'),
    definitionsPrefix: read.optional('SEKISHO_DEFINITIONS_PREFIX') ?? 'clamav/',
    definitionsDir: read.optional('SEKISHO_DEFINITIONS_DIR') ?? '/tmp/clamav-db',
  };
  if (unknown.length > 0)
    read.problem(`SEKISHO_ENGINES may list only ${ENGINES.join(', ')}; got ${unknown.join(', ')}`);
  read.check('scan function');
  return Object.freeze(config);
}

export type ScanHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * The scan function for the scan queue (S3 ObjectCreated notifications, or GuardDuty results):
 * each message's objects are scanned and their verdicts written; a message that fails is reported
 * in `batchItemFailures`, so SQS retries only it and, after its receive count, moves it to the
 * dead-letter queue. With `SEKISHO_CLAMD_CONFIG`, clamd is started on the first message and kept
 * running for the container's life.
 */
export function buildScanHandler(
  config: ScanLambdaConfig,
  env: NodeJS.ProcessEnv = process.env,
  logger: Logger = createLogger({ name: 'sekisho-scan' }),
  metrics: MetricsSink = emfSink(),
): ScanHandler {
  const { s3, dynamodb } = createGateAwsClients(env);
  const objects = createS3ObjectStore({ client: s3, bucket: config.bucket, prefix: config.prefix });
  const verdicts = createDynamoDbVerdictStore({ client: dynamodb, tableName: config.tableName });
  const builtin = createBuiltinScanner();
  const processor = new BatchProcessor(EventType.SQS);
  let clamd: Promise<WarmClamd> | null = null;

  /** Epoch ms of the loaded definitions' refresh, for the age metric; null when not known. */
  let definitionsCheckedAt: number | null = null;
  const startClamd = async (baseConfig: string): Promise<WarmClamd> => {
    let configPath = baseConfig;
    if (config.definitionsBucket !== undefined) {
      const at = { s3, bucket: config.definitionsBucket, prefix: config.definitionsPrefix };
      const manifest = await loadDefinitions(at, config.definitionsDir);
      if (manifest === null)
        logger.warn({ bucket: at.bucket }, 'no definitions in the bucket yet; clamd uses the image’s own');
      else {
        configPath = await clamdConfigWithDatabase(
          baseConfig,
          config.definitionsDir,
          join(dirname(config.definitionsDir), 'clamd-definitions.conf'),
        );
        definitionsCheckedAt = manifest.checkedAt;
        logger.info({ files: manifest.files.length, checkedAt: manifest.checkedAt }, 'definitions loaded');
      }
    }
    return startWarmClamd({ configPath, address: config.clamdAddress });
  };

  const engines = async (): Promise<Scanner[]> => {
    const list: Scanner[] = [];
    if (config.engines.includes('builtin')) list.push(builtin);
    if (config.engines.includes('clamd')) {
      if (config.clamdConfig !== undefined) {
        const running = clamd === null ? null : await clamd.catch(() => null);
        if (running === null || !running.alive) {
          clamd = startClamd(config.clamdConfig);
          await clamd.catch((error: unknown) => {
            clamd = null;
            // The clamd engine then reports clamd-unreachable: an error verdict, never clean.
            logger.error({ err: error }, 'clamd did not start');
          });
        }
      }
      list.push(createClamdScanner({ address: config.clamdAddress }));
    }
    return list;
  };

  const record = async (message: SQSRecord) => {
    const running = await engines();
    if (config.definitionsBucket !== undefined && definitionsCheckedAt !== null)
      metrics(
        { DefinitionsBucket: config.definitionsBucket },
        {
          DefinitionsAgeSeconds: {
            value: Math.round((systemClock.now() - definitionsCheckedAt) / 1000),
            unit: 'Seconds',
          },
        },
      );
    for (const target of readScanMessage(message.body)) {
      if (target.bucket !== config.bucket || !target.key.startsWith(config.prefix)) {
        logger.warn(
          { bucket: target.bucket, key: target.key },
          'object outside the quarantine prefix; skipped',
        );
        continue;
      }
      if (config.engines.includes('guardduty') && target.guardDuty === undefined) {
        logger.warn(
          { key: target.key },
          'GuardDuty is required: scans start from its results; S3 event skipped',
        );
        continue;
      }
      const fileId = target.key.slice(config.prefix.length);
      const { request, eTag } = await readScanRequest(objects, fileId);
      const guardDuty = target.guardDuty;
      if (guardDuty !== undefined && guardDuty.result.kind === 'error')
        metrics({ Bucket: config.bucket }, { GuardDutyFailures: { value: 1, unit: 'Count' } });
      const scanners =
        guardDuty === undefined
          ? running
          : [...running, externalEngine({ result: guardDuty.result, eTag: guardDuty.eTag }, eTag)];
      const spooled = spoolTracker(objects);
      // The same scan job as on one machine; only the ports differ. Its retries are SQS's
      // redeliveries (then the dead-letter queue), so one attempt per message here.
      const job = makeScanJob({
        objects: spooled.store,
        verdicts,
        engines: () => scanners,
        clock: systemClock,
        logger,
        timeoutMs: config.timeoutMs,
        sleep: async () => {},
        onWritten: (item, written) => {
          if (!written) return;
          metrics(
            { Bucket: config.bucket, Kind: item.verdict.kind },
            {
              Verdicts: { value: 1, unit: 'Count' },
              ScanDuration: { value: item.verdict.durationMs, unit: 'Milliseconds' },
            },
          );
        },
      });
      try {
        await job.scanOnce(request);
      } finally {
        await spooled.dispose();
      }
    }
  };

  return async (event, context) =>
    processPartialResponse(event, record, processor, {
      ...(context === undefined ? {} : { context }),
      // Sequential: each scan may use the whole function's memory and clamd's threads.
      processInParallel: false,
    });
}

/**
 * The S3 store as the core's `ObjectStore`, remembering the copies it spools to `/tmp` so the
 * handler deletes them after each scan (a warm container would otherwise fill its `/tmp`).
 */
function spoolTracker(objects: S3ObjectStore): { store: ObjectStore; dispose(): Promise<void> } {
  const disposers: (() => Promise<void>)[] = [];
  return {
    store: {
      ...objects,
      async subject(key, displayName) {
        const subject = await objects.subject(key, displayName);
        disposers.push(subject.dispose);
        return subject;
      },
    },
    async dispose() {
      await Promise.all(disposers.splice(0).map((d) => d()));
    },
  };
}

let built: ScanHandler | undefined;

/** The Lambda entry point, wired on the first event (a configuration error fails that invocation, clearly). */
export const handler: ScanHandler = async (event, context) => {
  built ??= buildScanHandler(loadScanConfig(process.env));
  return built(event, context);
};
