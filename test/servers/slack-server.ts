import { blockKitProblems } from './block-kit-limits.js';
import {
  type LocalResponse,
  type LocalServer,
  type RecordedRequest,
  startLocalServer,
} from './local-http-server.js';

/** A message Slack accepted, from either endpoint. */
export interface AcceptedMessage {
  readonly via: 'webhook' | 'chat.postMessage';
  readonly channel: string | null;
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

/** Options of {@link startSlackServer}. */
export interface SlackServerOptions {
  /** How many requests answer 429 with `Retry-After` before the server accepts. Default 1. */
  readonly rateLimitFirst?: number;
  /** The Retry-After seconds of those answers. Default 1. */
  readonly retryAfterSeconds?: number;
  /** How many requests (after the rate-limited ones) answer 503. Default 0. */
  readonly failFirstWith503?: number;
  /**
   * How many requests (after the rate-limited and failed ones) are refused as Slack refuses a payload
   * it cannot read: webhook 400 `invalid_payload`, Web API `{"ok":false,"error":"invalid_blocks"}`. Default 0.
   */
  readonly refuseFirst?: number;
  /** The bot token chat.postMessage accepts. Default `xoxb-local-test`. */
  readonly botToken?: string;
}

/** A local Slack and the messages it accepted. */
export interface SlackServer extends LocalServer {
  /** The incoming-webhook URL to post to. */
  readonly webhookUrl: string;
  /** The Web API base URL for `slackApiUrl` (ends in `/api/`). */
  readonly apiUrl: string;
  readonly accepted: AcceptedMessage[];
  /** The status of every answer, in order (429, 503, 200, 400…). */
  readonly answers: number[];
}

const webhookPath = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

/**
 * A local Slack with an incoming webhook and the Web API's chat.postMessage, answering as Slack does
 * (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks, …/reference/methods/chat.postMessage):
 * the webhook answers `200 ok` or a 4xx with a plain-text code (`invalid_payload`, `no_text`,
 * `invalid_blocks`); the Web API answers HTTP 200 with `{"ok":false,"error":…}` for a bad call.
 * It checks Block Kit's limits and, stricter than Slack, requires the plain-text fallback `text`
 * (Slack only warns `missing_text_in_message`; notifications and screen readers need it).
 */
export async function startSlackServer(options: SlackServerOptions = {}): Promise<SlackServer> {
  const accepted: AcceptedMessage[] = [];
  const answers: number[] = [];
  let rateLimitLeft = options.rateLimitFirst ?? 1;
  let failLeft = options.failFirstWith503 ?? 0;
  let refuseLeft = options.refuseFirst ?? 0;
  const token = options.botToken ?? 'xoxb-local-test';

  const webhook = (request: RecordedRequest): LocalResponse => {
    const plain = (status: number, body: string): LocalResponse => ({
      status,
      headers: { 'content-type': 'text/html' },
      body,
    });
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(request.body) as Record<string, unknown>;
      if (payload === null || typeof payload !== 'object') throw new Error('not an object');
    } catch {
      return plain(400, 'invalid_payload');
    }
    if (typeof payload.text !== 'string' || payload.text.trim() === '') return plain(400, 'no_text');
    if (payload.blocks !== undefined && blockKitProblems(payload.blocks).length > 0)
      return plain(400, 'invalid_blocks');
    accepted.push({
      via: 'webhook',
      channel: null,
      text: payload.text,
      blocks: (payload.blocks ?? []) as Record<string, unknown>[],
    });
    return plain(200, 'ok');
  };

  const postMessage = (request: RecordedRequest): LocalResponse => {
    const json = (body: object): LocalResponse => ({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    const contentType = String(request.headers['content-type'] ?? '');
    let args: Record<string, unknown>;
    if (contentType.startsWith('application/json')) {
      try {
        args = JSON.parse(request.body) as Record<string, unknown>;
      } catch {
        return json({ ok: false, error: 'invalid_json' });
      }
    } else {
      args = Object.fromEntries(new URLSearchParams(request.body));
      if (typeof args.blocks === 'string') {
        try {
          args.blocks = JSON.parse(args.blocks);
        } catch {
          return json({ ok: false, error: 'invalid_blocks_format' });
        }
      }
    }
    const auth = String(request.headers.authorization ?? '');
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : args.token;
    if (given === undefined || given === '') return json({ ok: false, error: 'not_authed' });
    if (given !== token) return json({ ok: false, error: 'invalid_auth' });
    if (typeof args.channel !== 'string' || args.channel === '')
      return json({ ok: false, error: 'channel_not_found' });
    if (typeof args.text !== 'string' || args.text.trim() === '')
      return json({ ok: false, error: 'no_text' });
    if (args.blocks !== undefined) {
      const problems = blockKitProblems(args.blocks);
      if (problems.length > 0)
        return json({
          ok: false,
          error: 'invalid_blocks',
          errors: problems,
          response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
        });
    }
    accepted.push({
      via: 'chat.postMessage',
      channel: args.channel,
      text: args.text,
      blocks: (args.blocks ?? []) as Record<string, unknown>[],
    });
    return json({
      ok: true,
      channel: args.channel,
      ts: `1764000000.${String(accepted.length).padStart(6, '0')}`,
      message: { type: 'message', text: args.text },
    });
  };

  const server = await startLocalServer((request) => {
    const answer = ((): LocalResponse => {
      const isApi = request.path === '/api/chat.postMessage';
      if (request.method !== 'POST' || (!isApi && request.path !== webhookPath))
        return { status: 404, headers: { 'content-type': 'text/html' }, body: 'no_service' };
      if (rateLimitLeft > 0) {
        rateLimitLeft -= 1;
        return {
          status: 429,
          headers: {
            'retry-after': String(options.retryAfterSeconds ?? 1),
            'content-type': isApi ? 'application/json' : 'text/html',
          },
          body: isApi ? JSON.stringify({ ok: false, error: 'ratelimited' }) : 'rate_limited',
        };
      }
      if (failLeft > 0) {
        failLeft -= 1;
        return { status: 503, headers: { 'content-type': 'text/html' }, body: 'service_unavailable' };
      }
      if (refuseLeft > 0) {
        refuseLeft -= 1;
        return isApi
          ? {
              status: 200,
              headers: { 'content-type': 'application/json; charset=utf-8' },
              body: JSON.stringify({ ok: false, error: 'invalid_blocks' }),
            }
          : { status: 400, headers: { 'content-type': 'text/html' }, body: 'invalid_payload' };
      }
      return isApi ? postMessage(request) : webhook(request);
    })();
    answers.push(answer.status);
    return answer;
  });
  return Object.assign(server, {
    webhookUrl: `${server.url}${webhookPath}`,
    apiUrl: `${server.url}/api/`,
    accepted,
    answers,
  });
}
