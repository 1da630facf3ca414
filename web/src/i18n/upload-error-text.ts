import type { Lang } from './messages.js';

// The server words its errors in English; these are the ones an uploader can meet, in Japanese.
// `{limit}` is filled from the English message, which states it ("…upload limit of 25 MB…").
const JA: Readonly<Record<string, string>> = {
  UPLOAD_TOO_LARGE: 'ファイルがアップロードの上限（{limit}）を超えています。小さいファイルを送ってください。',
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
  if (lang !== 'ja') return error.message;
  const text = JA[error.code];
  if (text === undefined) return error.message;
  const limit = /limit of ([\d.]+ [KMG]?B)/.exec(error.message)?.[1];
  return limit === undefined ? text.replace('（{limit}）', '') : text.replace('{limit}', limit);
}
