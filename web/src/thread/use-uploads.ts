import { useCallback, useState } from 'preact/hooks';
import type { ApiError } from '../api/api-error.js';
import { sekishoApi } from '../api/sekisho-api.js';
import type { FileView } from '../api/types.js';
import { uploadFile } from '../api/upload-file.js';
import { formatLimit } from '../format/format-size.js';

/** One file on its way to the server, or one that the server refused outright (4xx). */
export interface Upload {
  readonly key: string;
  readonly name: string;
  readonly size: number;
  readonly loaded: number;
  readonly total: number;
  /** The server's refusal (`{code, message}`), or a lost connection (`NETWORK`). */
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** Uploads in flight plus the ones that failed, with a way to start more and to dismiss failures. */
export interface Uploads {
  readonly uploads: readonly Upload[];
  readonly start: (files: readonly File[]) => void;
  readonly dismiss: (key: string) => void;
}

let counter = 0;

/**
 * Sends files one request each, all at once, tracking bytes sent. When the server accepts a
 * file (202) it leaves this list and `onAccepted` hands its FileView to the thread. A file over
 * `maxUploadBytes` (from `/api/me`; null when the server does not say) is refused here, with
 * the server's own words, without sending a byte.
 */
export function useUploads(
  threadId: string,
  onAccepted: (file: FileView) => void,
  maxUploadBytes: number | null = null,
): Uploads {
  const [uploads, setUploads] = useState<readonly Upload[]>([]);

  const update = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((current) => current.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const dismiss = useCallback((key: string) => {
    setUploads((current) => current.filter((u) => u.key !== key));
  }, []);

  const start = useCallback(
    (files: readonly File[]) => {
      for (const file of files) {
        const key = `u${++counter}`;
        const tooLarge = maxUploadBytes !== null && file.size > maxUploadBytes;
        const error = tooLarge
          ? {
              code: 'UPLOAD_TOO_LARGE',
              message: `The file is larger than the upload limit of ${formatLimit(maxUploadBytes)}; send a smaller file.`,
            }
          : null;
        setUploads((current) => [
          ...current,
          { key, name: file.name, size: file.size, loaded: 0, total: file.size, error },
        ]);
        if (tooLarge) continue;
        uploadFile(sekishoApi.uploadUrl(threadId), file, ({ loaded, total }) =>
          update(key, { loaded, total }),
        ).then(
          (view) => {
            dismiss(key);
            onAccepted(view);
          },
          (error: ApiError) => update(key, { error: { code: error.code, message: error.message } }),
        );
      }
    },
    [threadId, onAccepted, update, dismiss, maxUploadBytes],
  );

  return { uploads, start, dismiss };
}
