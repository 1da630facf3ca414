import type { Lang } from './messages.js';

// The server words its errors in English; these are the ones an uploader can meet, in Japanese.
const JA: Readonly<Record<string, string>> = {
  UPLOAD_TOO_LARGE: 'ファイルがアップロードの上限を超えています。小さいファイルを送ってください。',
  FILE_EMPTY: '空のファイルです。中身のあるファイルを選んでください。',
  UNAUTHENTICATED: 'サインインの有効期限が切れました。もう一度サインインしてください。',
  FORBIDDEN: 'このメッセージにはファイルを添付できません。',
  THREAD_NOT_FOUND: 'このメッセージは見つかりませんでした。',
  NETWORK: '接続が切れました。もう一度お試しください。',
};

/** An upload refusal in the reader's language: the server's own message in English, a translation by code in Japanese. */
export function uploadErrorText(
  error: { readonly code: string; readonly message: string },
  lang: Lang,
): string {
  return lang === 'ja' ? (JA[error.code] ?? error.message) : error.message;
}
