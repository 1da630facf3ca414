import type { FileRecord, FileStatus } from '../../gate/files/file-status.js';
import type { Verdict } from '../../gate/verdict.js';

/** The web app's tables, created if missing (see {@link openAppStore}). */
export const APP_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (token_sha256 TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id));
CREATE TABLE IF NOT EXISTS sessions (token_sha256 TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS threads (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS participants (thread_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (thread_id, user_id));
CREATE TABLE IF NOT EXISTS messages (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, author_id TEXT NOT NULL,
  text TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS messages_thread ON messages(thread_id, created_at);
CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, uploader_id TEXT NOT NULL,
  name TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, object_key TEXT NOT NULL,
  status TEXT NOT NULL, created_at INTEGER NOT NULL, published_at INTEGER, verdict_version INTEGER NOT NULL DEFAULT 0,
  verdict_json TEXT, block_reason TEXT);
CREATE INDEX IF NOT EXISTS files_thread ON files(thread_id, created_at);
CREATE TABLE IF NOT EXISTS webhook_receipts (id TEXT PRIMARY KEY, file_id TEXT NOT NULL, outcome TEXT NOT NULL,
  received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_receipts_received ON webhook_receipts(received_at);
CREATE TABLE IF NOT EXISTS watermarks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** A `files` row as SQLite returns it. */
export interface FileRow {
  id: string;
  thread_id: string;
  uploader_id: string;
  name: string;
  size: number;
  sha256: string;
  object_key: string;
  status: FileStatus;
  created_at: number;
  published_at: number | null;
  verdict_version: number;
  verdict_json: string | null;
  block_reason: string | null;
}

export function toFile(row: FileRow): FileRecord {
  return {
    id: row.id,
    threadId: row.thread_id,
    uploaderId: row.uploader_id,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    objectKey: row.object_key,
    status: row.status,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    verdictVersion: row.verdict_version,
    verdict: row.verdict_json === null ? null : (JSON.parse(row.verdict_json) as Verdict),
    blockReason: row.block_reason,
  };
}
