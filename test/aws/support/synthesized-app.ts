import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DispatcherConfig } from '../../../src/gate/stream/dispatcher-config.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** The example app's template as `npm run synth` wrote it, and the bundles beside it. */
export interface SynthesizedApp {
  readonly resources: Record<string, Resource>;
  /** Imports the bundle (`asset.<hash>/index.mjs`) of the function whose logical id starts with `prefix`. */
  importHandler<T>(prefix: string): Promise<T>;
  /** The event source mapping settings of the release, as the dispatcher's config. */
  releaseMapping(): Partial<DispatcherConfig>;
}

export function readSynthesizedApp(outDir: string, stack = 'SekishoExample'): SynthesizedApp {
  const template = JSON.parse(readFileSync(join(outDir, `${stack}.template.json`), 'utf8')) as {
    Resources: Record<string, Resource>;
  };
  const resources = template.Resources;
  const find = (type: string, match: (id: string, r: Resource) => boolean) => {
    const found = Object.entries(resources).find(([id, r]) => r.Type === type && match(id, r));
    if (found === undefined) throw new Error(`no ${type} matching in ${stack}`);
    return found;
  };
  const fn = (prefix: string) =>
    find('AWS::Lambda::Function', (id) => id.startsWith(prefix) && !id.includes('ServiceRole'));
  return {
    resources,
    async importHandler<T>(prefix: string) {
      const [, resource] = fn(prefix);
      const code = resource.Properties.Code as { S3Key: string };
      const hash = code.S3Key.replace(/\.zip$/, '');
      const handler = String(resource.Properties.Handler); // index.handler
      const [file, exported] = handler.split('.') as [string, string];
      const module = (await import(
        pathToFileURL(join(outDir, `asset.${hash}`, `${file}.mjs`)).href
      )) as Record<string, T>;
      const value = module[exported];
      if (value === undefined) throw new Error(`asset.${hash}/${file}.mjs exports no ${exported}`);
      return value;
    },
    releaseMapping() {
      const [releaseId, release] = fn('FileGateRelease');
      const [, mapping] = find(
        'AWS::Lambda::EventSourceMapping',
        (_id, r) => (r.Properties.FunctionName as { Ref?: string }).Ref === releaseId,
      );
      const p = mapping.Properties as {
        BatchSize: number;
        MaximumRetryAttempts: number;
        MaximumRecordAgeInSeconds: number;
        BisectBatchOnFunctionError: boolean;
        FunctionResponseTypes?: string[];
        FilterCriteria?: { Filters: { Pattern: string }[] };
      };
      return {
        batchSize: p.BatchSize,
        maximumRetryAttempts: p.MaximumRetryAttempts,
        maximumRecordAgeMs: p.MaximumRecordAgeInSeconds * 1000,
        bisectBatchOnFunctionError: p.BisectBatchOnFunctionError,
        reportBatchItemFailures: p.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
        ...(p.FilterCriteria === undefined ? {} : { filterCriteria: p.FilterCriteria }),
        invocationTimeoutMs: Number(release.Properties.Timeout) * 1000,
      };
    },
  };
}
