// A program that uses sekisho as a user would, from the installed package: type-checked against the
// shipped .d.ts (strict, NodeNext), then run. It prints what it saw as one JSON line.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SekishoError, type StartGateOptions, startGate, version } from 'sekisho';
import {
  createReleaseReceiver,
  dynamoDbVerdictLookup,
  type ReleaseFile,
  type ReleaseResponse,
  type ReleaseStore,
  s3ObjectReader,
} from 'sekisho/receiver';
import {
  type Category,
  type Diagnosis,
  diagnose,
  type JsonReport,
  parseHistory,
  readTriageFile,
  renderMarkdown,
  renderSlackMessage,
  renderText,
  toJsonReport,
} from 'sekisho/triage';

const input = await readTriageFile({ kind: 'example', name: 'ecs-out-of-memory' });
if (input.kind !== 'history') throw new Error(`expected a history, got ${input.kind}`);
const history = input.history;
const diagnosis: Diagnosis = diagnose(history, { lang: 'en' });
const category: Category = diagnosis.category;
// Never called: it only has to fail to type-check (the triage speaks en and ja). Were the shipped
// types `any`, the directive would be unused, which is itself an error.
// @ts-expect-error
export const wrongLanguage = () => diagnose(history, { lang: 'fr' });
const report: JsonReport = toJsonReport(diagnosis);

const examples = new URL('examples/triage/', import.meta.resolve('sekisho/package.json'));
const saved = await readFile(new URL('image-not-found.json', examples), 'utf8');
const japanese = diagnose(parseHistory(saved), { lang: 'ja' });

// The gate needs better-sqlite3's native binding, which this project did not build.
const options: StartGateOptions = {
  dataDir: join(await mkdtemp(join(tmpdir(), 'consumer-')), 'data'),
  port: 0,
};
let gate = 'started';
try {
  await (await startGate(options)).close();
} catch (error) {
  gate = error instanceof SekishoError ? error.code : String(error);
}

// sekisho/receiver in a web app: its own store behind the port, the AWS adapters (which load the
// SDK only when called: these calls never come, as every request below is refused first).
interface MyFile extends ReleaseFile {
  readonly ownerEmail: string;
}
const store: ReleaseStore<MyFile> = {
  getFile: async () => null,
  hasReceipt: async () => false,
  applyVerdict: async () => null,
};
const receiver = createReleaseReceiver({
  secrets: () => ['c2VrcmV0'],
  verdicts: dynamoDbVerdictLookup({ tableName: 'sekisho-verdicts' }),
  objects: s3ObjectReader({ bucket: 'uploads' }),
  files: store,
  onApplied: ({ file }) => void file.ownerEmail,
});
const forged: ReleaseResponse = await receiver.handle({
  headers: {
    'webhook-id': 'f_1:v1',
    'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    'webhook-signature': 'v1,AAAA',
  },
  rawBody: '{}',
});
const unsigned = await receiver.handle({ headers: {}, rawBody: new Uint8Array() });
const withoutFiles = {
  secrets: [],
  verdicts: dynamoDbVerdictLookup({ tableName: 't' }),
  objects: s3ObjectReader({ bucket: 'b' }),
};
// @ts-expect-error: the receiver needs the web app's files (the store of its own database).
export const noFiles = () => createReleaseReceiver(withoutFiles);

console.log(
  JSON.stringify({
    version,
    category,
    text: renderText(diagnosis).split('\n')[0],
    markdown: renderMarkdown(diagnosis).split('\n')[0],
    slackBlocks: renderSlackMessage(diagnosis).blocks.length,
    reportCategory: report.category,
    japanese: { category: japanese.category, title: japanese.title },
    gate,
    receiver: {
      forged: forged.status,
      unsigned: (JSON.parse(unsigned.body) as { error: { code: string } }).error.code,
    },
  }),
);
