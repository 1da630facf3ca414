/**
 * `sekisho/receiver`: the web app's side of sekisho's file gate, for your own Node.js web app. The
 * release function calls your app with a signed webhook for every verdict; this receiver verifies
 * it, dedupes it, checks it against the verdict table, hashes the stored bytes again and publishes
 * the file only when a clean verdict covers exactly those bytes (the same decision as sekisho's own
 * server). Your app keeps its files and receipts in its own database, through {@link ReleaseStore}.
 *
 * Importing this module loads neither the AWS SDK nor SQLite nor Slack: the AWS adapters
 * ({@link dynamoDbVerdictLookup}, {@link s3ObjectReader}, {@link createQuarantineUploadPresigner})
 * load the SDK on their first call. Nothing here needs `better-sqlite3`'s native binding.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createReleaseReceiver, dynamoDbVerdictLookup, s3ObjectReader } from 'sekisho/receiver';
 *
 * const receiver = createReleaseReceiver({
 *   secrets: () => process.env.SEKISHO_WEBHOOK_SECRETS!.split(','),
 *   verdicts: dynamoDbVerdictLookup({ tableName: process.env.VERDICT_TABLE! }),
 *   objects: s3ObjectReader({ bucket: process.env.UPLOAD_BUCKET! }),
 *   files: myFileStore, // your database: getFile, hasReceipt, applyVerdict
 * });
 * const app = express();
 * app.post('/api/webhooks/verdicts', express.raw({ type: () => true }), async (req, res) => {
 *   const out = await receiver.handle({ headers: req.headers, rawBody: req.body });
 *   res.status(out.status).set(out.headers).send(out.body);
 * });
 * ```
 * @packageDocumentation
 */

export type { FileChange, ReceiptOutcome } from '../gate/app/app-store.js';
export type { ReleaseFile, ReleaseStore } from '../gate/app/release-store.js';
export type { AppliedVerdict } from '../gate/app/verdict-receiver-core.js';
export type { FileRecord, FileStatus } from '../gate/files/file-status.js';
export type { VerdictItem } from '../gate/stream-record.js';
export type { EngineVersion, Finding, Verdict, VerdictKind } from '../gate/verdict.js';
export {
  type DynamoDbVerdictLookupOptions,
  dynamoDbVerdictLookup,
  type S3ObjectReaderOptions,
  s3ObjectReader,
} from '../runtime/receiver/aws-receiver-adapters.js';
export {
  createReleaseReceiver,
  type ObjectHasher,
  type ReleaseReceiver,
  type ReleaseReceiverOptions,
  type ReleaseRequest,
  type ReleaseResponse,
  type VerdictLookup,
} from '../runtime/receiver/create-release-receiver.js';
export {
  createQuarantineUploadPresigner,
  type PresignedUpload,
  type QuarantineUploadPresigner,
  type QuarantineUploadPresignerOptions,
  type QuarantineUploadRequest,
} from '../runtime/receiver/quarantine-upload-presigner.js';
export type { Clock } from '../shared/clock.js';
export { SekishoError } from '../shared/errors.js';
export type { Logger } from '../shared/logger.js';
