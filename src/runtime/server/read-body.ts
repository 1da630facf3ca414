import type { IncomingMessage } from 'node:http';
import { InvalidInputError } from '../../shared/errors.js';

/**
 * Reads a small body (JSON, a webhook) into a string, refusing more than `maxBytes` (413) before
 * reading further. With `strictUtf8`, bytes that are not UTF-8 are a 400 BODY_NOT_UTF8 instead of
 * being replaced with U+FFFD (a signature must cover exactly what was sent).
 */
export async function readBody(
  req: IncomingMessage,
  maxBytes = 1024 * 1024,
  options: { strictUtf8?: boolean } = {},
): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readBodyBytes(req, maxBytes);
  if (!options.strictUtf8) return bytes.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InvalidInputError('BODY_NOT_UTF8', 'The request body must be UTF-8 text.');
  }
}

/**
 * Reads a body's bytes, throwing `overLimit()` (413 BODY_TOO_LARGE by default) as soon as more than
 * `maxBytes` have arrived, so an oversized body is never held whole.
 */
export async function readBodyBytes(
  req: IncomingMessage,
  maxBytes: number,
  overLimit: () => Error = () => tooLarge(maxBytes),
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw overLimit();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): InvalidInputError {
  return new InvalidInputError('BODY_TOO_LARGE', `The request body exceeds ${maxBytes} bytes.`, {
    status: 413,
  });
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
