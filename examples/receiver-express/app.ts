// A web app that receives sekisho's release calls, in Express. The receiver is the few lines under
// "the release"; the rest is what the company's side and the uploader's page would call.
import express, { type Express } from 'express';
import {
  createReleaseReceiver,
  type QuarantineUploadPresigner,
  type ReleaseReceiverOptions,
} from 'sekisho/receiver';
import type { AppFile, MemoryFileStore } from './file-store.js';

export interface ExampleAppOptions extends Omit<ReleaseReceiverOptions<AppFile>, 'files'> {
  readonly files: MemoryFileStore;
  /** Enables `POST /api/uploads` (presigned uploads straight into quarantine). */
  readonly presigner?: QuarantineUploadPresigner;
}

export function createExampleApp(options: ExampleAppOptions): Express {
  const app = express();

  // The release. The signature covers the exact bytes, so this route takes the raw body
  // (express.raw), never express.json(), which would re-serialise it.
  const receiver = createReleaseReceiver(options);
  app.post('/api/webhooks/verdicts', express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    const rawBody: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const out = await receiver.handle({ headers: req.headers, rawBody });
    res.status(out.status).set(out.headers).send(out.body);
  });

  // What the company sees: a file only once it is published (the same 404 before and after a block).
  app.get('/api/files/:id', (req, res) => {
    const file = options.files.get(req.params.id);
    if (file === undefined || file.status !== 'published') {
      res.status(404).json({ error: { code: 'FILE_NOT_FOUND', message: 'There is no such file.' } });
      return;
    }
    res.json({ id: file.id, name: file.name, status: file.status });
  });

  // The uploader's page asks for a URL, then PUTs the bytes to S3 itself. (A real app first checks
  // that the signed-in user may send files to this thread.)
  app.post('/api/uploads', express.json(), async (req, res) => {
    if (options.presigner === undefined) {
      res.status(404).end();
      return;
    }
    const { threadId, name, size, sha256 } = req.body as Record<string, unknown>;
    try {
      const upload = await options.presigner.presign({
        threadId: String(threadId),
        name: String(name),
        size: Number(size),
        sha256: String(sha256),
      });
      options.files.insert({
        id: upload.fileId,
        threadId: String(threadId),
        objectKey: upload.objectKey,
        sha256: String(sha256),
        name: String(name),
      });
      res.status(201).json(upload);
    } catch (error) {
      const e = error as { status?: number; code?: string; message?: string };
      res.status(e.status ?? 500).json({ error: { code: e.code ?? 'INTERNAL', message: e.message } });
    }
  });
  return app;
}
