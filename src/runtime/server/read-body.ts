import type { IncomingMessage } from 'node:http';
import { InvalidInputError } from '../../shared/errors.js';

/** Reads a small body (JSON, a webhook) into a string, refusing more than `maxBytes` (413). */
export async function readBody(req: IncomingMessage, maxBytes = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new InvalidInputError('BODY_TOO_LARGE', `The request body exceeds ${maxBytes} bytes.`, {
        status: 413,
      });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON object body; 400 BODY_INVALID when it is not one. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through to the one error below
  }
  throw new InvalidInputError('BODY_INVALID', 'The body must be a JSON object.');
}
