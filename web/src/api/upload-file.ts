import { ApiError } from './api-error.js';
import type { FileView } from './types.js';

/** What an upload in flight reports: bytes sent so far out of the request's total. */
export interface UploadProgress {
  readonly loaded: number;
  readonly total: number;
}

/**
 * Sends one file as multipart field `file` with XMLHttpRequest, because fetch cannot report
 * upload progress; resolves with the server's 202 FileView, rejects with an `ApiError`.
 */
export function uploadFile(
  url: string,
  file: File,
  onProgress: (progress: UploadProgress) => void,
): Promise<FileView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    });
    xhr.addEventListener('load', () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        resolve(body as FileView);
        return;
      }
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(
        new ApiError(xhr.status, error?.code ?? `HTTP_${xhr.status}`, error?.message ?? 'The upload failed.'),
      );
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'NETWORK', 'The connection was lost.')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'ABORTED', 'The upload was cancelled.')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
