// Runs the example against a FileGate deployment:
//   SEKISHO_WEBHOOK_SECRETS=… VERDICT_TABLE=… UPLOAD_BUCKET=… node --import tsx examples/receiver-express/server.ts
// The FileGate construct's release function calls http(s)://<this app>/api/webhooks/verdicts.
import { createQuarantineUploadPresigner, dynamoDbVerdictLookup, s3ObjectReader } from 'sekisho/receiver';
import { createExampleApp } from './app.js';
import { createMemoryFileStore } from './file-store.js';

const need = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`Set ${name} (see examples/receiver-express/README.md).`);
    process.exit(2);
  }
  return value;
};

need('SEKISHO_WEBHOOK_SECRETS'); // checked at start too, not only on the first call
const bucket = need('UPLOAD_BUCKET');
const app = createExampleApp({
  // Read on every call: during a rotation, list the new secret and the old one.
  secrets: () => need('SEKISHO_WEBHOOK_SECRETS').split(','),
  verdicts: dynamoDbVerdictLookup({ tableName: need('VERDICT_TABLE') }),
  objects: s3ObjectReader({ bucket }),
  files: createMemoryFileStore(),
  presigner: createQuarantineUploadPresigner({ bucket, maxBytes: 25 * 1024 * 1024 }),
  onApplied: ({ outcome, file }) => console.log(`${file.id}: ${outcome}`),
});
const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  const address = server.address();
  console.log(`listening on :${typeof address === 'object' && address !== null ? address.port : port}`);
});
