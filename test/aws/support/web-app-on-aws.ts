import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3ObjectStore } from '../../../src/adapters/s3/s3-object-store.js';
import { openAppStore } from '../../../src/adapters/sqlite/app-store.js';
import { fileAccess } from '../../../src/gate/app/access-policy.js';
import { createVerdictReceiver } from '../../../src/gate/app/verdict-receiver.js';
import type { VerdictStore } from '../../../src/gate/ports.js';
import { createEventHub } from '../../../src/runtime/gate/event-hub.js';
import { createGateMetrics } from '../../../src/runtime/gate/gate-metrics.js';
import { OBJECT_METADATA } from '../../../src/runtime/lambda/scan-request.js';
import { systemClock } from '../../../src/shared/clock.js';
import { publicError } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/logger.js';

/**
 * A web app wired to sekisho the way docs/aws.md tells a team to: its uploads go to the S3
 * quarantine prefix with the metadata the scan needs, and sekisho's receiver (verify, dedupe,
 * re-hash from S3, decide, publish or block) answers the release function on a real HTTP port.
 * `down` makes it answer 503, as a web app in trouble would.
 */
export async function startWebAppOnAws(objects: S3ObjectStore, verdicts: VerdictStore, secret: string) {
  const dir = await mkdtemp(join(tmpdir(), 'sekisho-webapp-'));
  const app = openAppStore(join(dir, 'app.sqlite'), systemClock);
  const candidate = app.createUser('Candidate', 'candidate').user;
  const company = app.createUser('Company', 'company').user;
  const thread = app.createThread('Application', [candidate.id, company.id]);
  const receiver = createVerdictReceiver({
    app,
    objects,
    // The receiver checks each release call against the verdict table (DynamoDB on AWS).
    verdicts,
    events: createEventHub(),
    metrics: createGateMetrics(systemClock),
    clock: systemClock,
    logger: silentLogger,
    secrets: () => [secret],
  });
  let down = false;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (down || req.url !== '/api/webhooks/verdicts') {
      res.writeHead(down ? 503 : 404).end();
      return;
    }
    try {
      const { outcome } = await receiver.receiveWebhook(req.headers, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome }));
    } catch (error) {
      const e = publicError(error);
      res.writeHead(e.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: e }));
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/verdicts`;
  return {
    url,
    setDown(value: boolean) {
      down = value;
    },
    /** The candidate's upload: bytes into quarantine, then the file row (status scanning). */
    async upload(name: string, bytes: Buffer): Promise<string> {
      const id = `f_${randomUUID().replaceAll('-', '')}`;
      const createdAt = Date.now();
      const stored = await objects.putQuarantined(
        id,
        (async function* () {
          yield bytes;
        })(),
        25 * 1024 * 1024,
        {
          [OBJECT_METADATA.threadId]: thread.id,
          [OBJECT_METADATA.uploadedAt]: String(createdAt),
          [OBJECT_METADATA.displayName]: encodeURIComponent(name),
        },
      );
      app.insertFile({
        id,
        threadId: thread.id,
        uploaderId: candidate.id,
        name,
        ...stored,
        objectKey: id,
        createdAt,
      });
      return id;
    },
    status: (fileId: string) => app.getFile(fileId)?.status,
    /** What the company's side would show: the file only once it is visible to the company. */
    companySees: (fileId: string) => {
      const file = app.getFile(fileId);
      return file !== null && fileAccess({ user: company, participant: true }, file).see;
    },
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
