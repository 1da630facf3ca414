import { requestJson } from './request-json.js';
import type { FileView, Me, Message, OpsSummary, Thread } from './types.js';

const enc = encodeURIComponent;

/** The API calls the page makes, one line each, paths as in `docs/http-api.md`. */
export const sekishoApi = {
  me: () => requestJson<Me>('GET', '/api/me'),
  signIn: (token: string) => requestJson<unknown>('POST', '/api/session', { token }),
  signOut: () => requestJson<unknown>('DELETE', '/api/session'),
  thread: (id: string) => requestJson<Thread>('GET', `/api/threads/${enc(id)}`),
  file: (id: string) => requestJson<FileView>('GET', `/api/files/${enc(id)}`),
  postMessage: (threadId: string, text: string) =>
    requestJson<Message>('POST', `/api/threads/${enc(threadId)}/messages`, { text }),
  opsSummary: () => requestJson<OpsSummary>('GET', '/api/ops/summary'),
  replayDeadLetter: (id: string) =>
    requestJson<{ replayed: boolean }>('POST', `/api/ops/dead-letters/${enc(id)}/replay`),
  fileContentUrl: (id: string) => `/api/files/${enc(id)}/content`,
  eventsUrl: (threadId: string) => `/api/threads/${enc(threadId)}/events`,
  uploadUrl: (threadId: string) => `/api/threads/${enc(threadId)}/files`,
};
