import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReceiptOutcome, ReleaseFile, ReleaseStore } from '../../gate/app/release-store.js';
import { type AppliedVerdict, createVerdictReceiverCore } from '../../gate/app/verdict-receiver-core.js';
import type { VerdictItem } from '../../gate/stream-record.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidInputError, publicError } from '../../shared/errors.js';
import { type Logger, silentLogger } from '../../shared/logger.js';
import { readBodyBytes } from '../server/read-body.js';

/** Reads the verdict table's current item of a file: a strongly consistent read on DynamoDB. */
export interface VerdictLookup {
  get(fileId: string): Promise<VerdictItem | null>;
}

/** Hashes the stored bytes of an object again (hex sha256), or null when it is gone. */
export interface ObjectHasher {
  sha256(objectKey: string): Promise<string | null>;
}

/** What {@link createReleaseReceiver} needs; only `secrets`, `verdicts`, `objects` and `files` are required. */
export interface ReleaseReceiverOptions<F extends ReleaseFile = ReleaseFile> {
  /**
   * The webhook secrets accepted: during a rotation, the new one and the old one. A function is
   * read on every call, so a rotation needs no restart.
   */
  readonly secrets: readonly string[] | (() => readonly string[]);
  /** The verdict table: `dynamoDbVerdictLookup({ tableName })` on AWS. */
  readonly verdicts: VerdictLookup;
  /** The quarantined bytes: `s3ObjectReader({ bucket })` on AWS. */
  readonly objects: ObjectHasher;
  /** Your app's files and webhook receipts (see {@link ReleaseStore} for the contract). */
  readonly files: ReleaseStore<F>;
  /** Told of every applied verdict (published, blocked, failed, revoked, stale), e.g. to notify the company. */
  readonly onApplied?: (applied: AppliedVerdict<F>) => void | Promise<void>;
  /** A pino-shaped logger; default silent. */
  readonly logger?: Logger;
  /** Default `Date.now`; the Standard Webhooks timestamp is checked against it (5 minutes). */
  readonly clock?: Clock;
  /** The largest body {@link ReleaseReceiver.nodeHandler} reads; default 256 KiB (a verdict is a few KiB). */
  readonly maxBodyBytes?: number;
}

/** A signed call as any framework hands it over: its headers and its exact body bytes. */
export interface ReleaseRequest {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body exactly as received: the signature covers these bytes, so never a re-serialised object. */
  readonly rawBody: string | Uint8Array;
}

/** The answer to send: status, headers and a JSON body (`{ outcome, fileId }` or `{ error: { code, message } }`). */
export interface ReleaseResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The web app's side of sekisho's release. */
export interface ReleaseReceiver {
  /**
   * Verifies, dedupes and applies one call. Never throws: a refusal is a response (401 for a bad
   * or expired signature, 400 for a bad body, 404 for an unknown file, 409 for a verdict the table
   * does not hold); an unexpected error is logged and answered 500 without details, so the release
   * function retries it.
   */
  handle(request: ReleaseRequest): Promise<ReleaseResponse>;
  /** The same as a Node `(req, res)` handler (node:http, Express, Fastify's `raw`, Koa's `req`/`res`). */
  nodeHandler(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Applies a verdict without a signature check, for your own reconciliation job. */
  apply(webhookId: string, delivery: VerdictItem): Promise<ReceiptOutcome>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** The signature covers the exact bytes: decode strictly, so different invalid bytes never read alike. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function bodyText(rawBody: string | Uint8Array): string {
  if (typeof rawBody === 'string') return rawBody;
  // A JavaScript caller may hand over a body a JSON parser already consumed: say so, not "not UTF-8".
  if (!(rawBody instanceof Uint8Array))
    throw new InvalidInputError(
      'WEBHOOK_BODY_INVALID',
      'The receiver needs the raw body (a string or bytes, e.g. from express.raw()), not a parsed object.',
    );
  try {
    return strictUtf8.decode(rawBody);
  } catch (error) {
    throw new InvalidInputError('WEBHOOK_BODY_INVALID', 'The webhook body is not valid UTF-8.', {
      cause: error,
    });
  }
}

const webhookTooLarge = (maxBytes: number) => () =>
  new InvalidInputError('WEBHOOK_BODY_TOO_LARGE', `The webhook body is over ${maxBytes} bytes.`, {
    status: 413,
  });

/**
 * Creates the receiver of sekisho's signed release calls for your web app. It runs the same
 * decision as sekisho's own server: verify the Standard Webhooks signature against any of
 * `secrets`; dedupe per `webhook-id`; check the delivery against the verdict table's current
 * version; hash the stored bytes again; publish only a clean verdict for exactly those bytes; block
 * anything else; revoke a published file that a newer verdict finds unsafe.
 *
 * @example
 * ```ts
 * const receiver = createReleaseReceiver({
 *   secrets: process.env.SEKISHO_WEBHOOK_SECRETS!.split(','),
 *   verdicts: dynamoDbVerdictLookup({ tableName: 'sekisho-verdicts' }),
 *   objects: s3ObjectReader({ bucket: 'uploads', prefix: 'quarantine/' }),
 *   files: myFileStore,
 * });
 * app.post('/api/webhooks/verdicts', express.raw({ type: '*\/*' }), async (req, res) => {
 *   const out = await receiver.handle({ headers: req.headers, rawBody: req.body });
 *   res.status(out.status).set(out.headers).send(out.body);
 * });
 * ```
 */
export function createReleaseReceiver<F extends ReleaseFile>(
  options: ReleaseReceiverOptions<F>,
): ReleaseReceiver {
  const logger = options.logger ?? silentLogger;
  const { secrets } = options;
  const core = createVerdictReceiverCore<F>({
    files: options.files,
    objects: options.objects,
    verdicts: options.verdicts,
    clock: options.clock ?? { now: () => Date.now() },
    logger,
    secrets: typeof secrets === 'function' ? secrets : () => secrets,
    ...(options.onApplied === undefined ? {} : { onApplied: options.onApplied }),
  });
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;

  const respond = (error: unknown): ReleaseResponse => {
    const { code, message, status } = publicError(error);
    if (status >= 500) logger.error({ err: error, code }, 'release call failed');
    else logger.warn({ code, message }, 'release call refused');
    return { status, headers: JSON_HEADERS, body: JSON.stringify({ error: { code, message } }) };
  };

  const handle = async (request: ReleaseRequest): Promise<ReleaseResponse> => {
    try {
      const headers = request.headers as Record<string, string | string[] | undefined>;
      const result = await core.receiveWebhook(headers, bodyText(request.rawBody));
      return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(result) };
    } catch (error) {
      return respond(error);
    }
  };

  return {
    handle,
    async nodeHandler(req, res) {
      let out: ReleaseResponse;
      try {
        out = await handle({
          headers: req.headers,
          rawBody: await readBodyBytes(req, maxBodyBytes, webhookTooLarge(maxBodyBytes)),
        });
      } catch (error) {
        out = respond(error);
      }
      res
        .writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) })
        .end(out.body);
    },
    apply: (webhookId, delivery) => core.apply(webhookId, delivery),
  };
}
