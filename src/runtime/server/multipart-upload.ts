import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
// busboy: a streaming multipart parser, so a 1 GB upload never sits in memory.
import busboy from 'busboy';
import { InvalidInputError } from '../../shared/errors.js';

/**
 * Streams the multipart field `file` of `req` into `store` and resolves with what `store`
 * returned. Other fields and files are drained and ignored. Rejects with MULTIPART_INVALID
 * (not multipart, or a malformed body), FILE_FIELD_MISSING, or whatever `store` threw (e.g.
 * UPLOAD_TOO_LARGE); the caller then answers and closes the connection.
 */
export function readMultipartFile<T>(
  req: IncomingMessage,
  store: (filename: string, body: Readable) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // Browsers send the filename as raw UTF-8 bytes; busboy's default is latin1.
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: 20, parts: 40 },
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
      reject(error);
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || stored !== null) {
        stream.resume();
        return;
      }
      active = stream;
      stored = store(info.filename ?? 'file', stream);
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
