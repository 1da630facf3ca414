import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
// busboy: a streaming multipart parser, so a 1 GB upload never sits in memory.
import busboy from 'busboy';
import { InvalidInputError } from '../../shared/errors.js';

/** Bytes of parts other than `file` read and discarded before the upload is refused. */
const MAX_IGNORED_BYTES = 64 * 1024;

/**
 * Streams the multipart field `file` of `req` into `store` and resolves with what `store`
 * returned. Other fields and files are drained and ignored. Rejects with MULTIPART_INVALID
 * (not multipart, or a malformed body), FILE_FIELD_MISSING, or whatever `store` threw (e.g.
 * UPLOAD_TOO_LARGE); the caller then answers and closes the connection.
 */
export function readMultipartFile<T>(
  req: IncomingMessage,
  store: (filename: string, body: Readable, finished: Promise<void>) => Promise<T>,
): Promise<T> {
  // Settles when the whole request has been read (resolved) or has failed (rejected): `store`
  // waits for it before it makes the file visible, so a client that stops after the file part
  // (and never got its 202) gets nothing stored and nothing published behind its back.
  let finish = (): void => {};
  let abandon = (_error: unknown): void => {};
  const finished = new Promise<void>((resolveFinished, rejectFinished) => {
    finish = resolveFinished;
    abandon = rejectFinished;
  });
  finished.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // Browsers send the filename as raw UTF-8 bytes; busboy's default is latin1.
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // The page sends one part; these bound what a hostile client can make the parser hold or
        // loop over: a few small text fields, a handful of parts, short part headers.
        limits: { files: 1, fields: 8, parts: 16, fieldSize: 8 * 1024, fieldNameSize: 100, headerPairs: 16 },
      });
    } catch (error) {
      reject(
        new InvalidInputError(
          'MULTIPART_INVALID',
          'Send the file as multipart/form-data with a boundary, in a field named "file".',
          { cause: error },
        ),
      );
      return;
    }
    let stored: Promise<T> | null = null;
    let active: Readable | null = null;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      // Ends the store's read with an error, so it deletes the partial object.
      if (active !== null && !active.readableEnded)
        active.destroy(error instanceof Error ? error : new Error(String(error)));
      req.unpipe(parser);
      // Keep reading (and discarding) what the client still sends, so it can read our answer.
      req.resume();
      abandon(error);
      reject(error);
    };
    let ignoredBytes = 0;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || stored !== null) {
        // Other file parts are drained, but only up to a bound: they are never stored, and a
        // client must not keep a connection busy streaming gigabytes nobody reads.
        stream.on('data', (chunk: Buffer) => {
          ignoredBytes += chunk.length;
          if (ignoredBytes > MAX_IGNORED_BYTES)
            fail(
              new InvalidInputError(
                'MULTIPART_INVALID',
                'Send one file in the field "file"; the body carries too much besides it.',
              ),
            );
        });
        return;
      }
      active = stream;
      stored = store(info.filename ?? 'file', stream, finished);
      stored.catch((error: unknown) => fail(error));
    });
    parser.on('error', (error) =>
      fail(
        new InvalidInputError(
          'MULTIPART_INVALID',
          `The multipart body is malformed: ${(error as Error).message}.`,
          {
            cause: error,
          },
        ),
      ),
    );
    parser.on('close', () => {
      if (stored !== null && !settled) finish();
      if (stored === null) {
        fail(new InvalidInputError('FILE_FIELD_MISSING', 'The multipart body has no field named "file".'));
        return;
      }
      stored.then(
        (value) => {
          if (settled) return;
          settled = true;
          resolve(value);
        },
        () => {},
      );
    });
    req.on('close', () => {
      if (!req.complete)
        fail(new InvalidInputError('UPLOAD_ABORTED', 'The upload was interrupted; send it again.'));
    });
    req.pipe(parser);
  });
}
