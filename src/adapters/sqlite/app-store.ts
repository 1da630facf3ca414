import { createHash, randomBytes } from 'node:crypto';
import type {
  AppStore,
  FileChange,
  Message,
  ReceiptOutcome,
  Thread,
  User,
} from '../../gate/app/app-store.js';
import type { FileRecord } from '../../gate/files/file-status.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/new-id.js';
import { APP_SCHEMA, type FileRow, toFile } from './app-store-rows.js';
import { openSqliteConnection } from './open-sqlite-connection.js';
import { statementCache } from './statement-cache.js';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Opens (creating if needed) the web app's database at `path`, in WAL mode: the {@link AppStore}
 * on one machine, in `<data>/app.sqlite`, separate from the gate's verdict database (on AWS they
 * are different systems).
 */
export function openAppStore(path: string, clock: Clock): AppStore {
  const db = openSqliteConnection(path);
  db.exec(APP_SCHEMA);
  const sql = statementCache(db);

  const userById = db.prepare<[string], User>('SELECT id, name, role FROM users WHERE id = ?');
  const fileById = db.prepare<[string], FileRow>('SELECT * FROM files WHERE id = ?');
  const receiptById = db.prepare<[string], { outcome: ReceiptOutcome }>(
    'SELECT outcome FROM webhook_receipts WHERE id = ?',
  );
  const insertReceipt = db.prepare(
    'INSERT INTO webhook_receipts (id, file_id, outcome, received_at) VALUES (?, ?, ?, ?)',
  );
  const updateFile = db.prepare(
    `UPDATE files SET status = ?, verdict_version = ?, verdict_json = ?, block_reason = ?, published_at = ?
     WHERE id = ? AND verdict_version < ?`,
  );

  const selectWatermark = db.prepare<[string], { value: number }>(
    'SELECT value FROM watermarks WHERE name = ?',
  );
  const upsertWatermark = db.prepare(
    'INSERT INTO watermarks (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value',
  );
  const deleteReceipts = db.prepare<[number]>('DELETE FROM webhook_receipts WHERE received_at < ?');

  const apply = db.transaction(
    (webhookId: string, fileId: string, decide: (file: FileRecord) => FileChange) => {
      const row = fileById.get(fileId);
      if (row === undefined) return null;
      const seen = receiptById.get(webhookId);
      if (seen !== undefined) return { outcome: 'duplicate' as const, file: toFile(row) };
      const change = decide(toFile(row));
      let outcome: ReceiptOutcome = 'stale';
      if (change.kind === 'update') {
        const result = updateFile.run(
          change.status,
          change.version,
          JSON.stringify(change.verdict),
          change.blockReason,
          change.publishedAt,
          fileId,
          change.version,
        );
        if (result.changes === 1) outcome = change.status === 'scanning' ? 'stale' : change.status;
      }
      insertReceipt.run(webhookId, fileId, outcome, clock.now());
      const updated = fileById.get(fileId);
      return { outcome, file: toFile(updated ?? row) };
    },
  );

  return {
    createUser(name, role) {
      const user: User = { id: newId('u'), name, role };
      const token = randomBytes(24).toString('base64url');
      sql('INSERT INTO users (id, name, role) VALUES (?, ?, ?)').run(user.id, name, role);
      sql('INSERT INTO tokens (token_sha256, user_id) VALUES (?, ?)').run(hashToken(token), user.id);
      return { user, token };
    },
    userByToken(token) {
      const row = sql<[string, string], User>(
        `SELECT u.id, u.name, u.role FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?
           UNION ALL SELECT u.id, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = ?`,
      ).get(hashToken(token), hashToken(token));
      return row ?? null;
    },
    createSession(userId) {
      const token = randomBytes(24).toString('base64url');
      sql('INSERT INTO sessions (token_sha256, user_id, created_at) VALUES (?, ?, ?)').run(
        hashToken(token),
        userId,
        clock.now(),
      );
      return token;
    },
    revokeSession(token) {
      return sql('DELETE FROM sessions WHERE token_sha256 = ?').run(hashToken(token)).changes === 1;
    },
    createThread(title, participantIds) {
      const thread: Thread = { id: newId('t'), title, createdAt: clock.now() };
      db.transaction(() => {
        sql('INSERT INTO threads (id, title, created_at) VALUES (?, ?, ?)').run(
          thread.id,
          title,
          thread.createdAt,
        );
        const add = sql('INSERT INTO participants (thread_id, user_id) VALUES (?, ?)');
        for (const userId of participantIds) add.run(thread.id, userId);
      })();
      return thread;
    },
    getThread(id) {
      return (
        sql<[string], Thread>('SELECT id, title, created_at AS createdAt FROM threads WHERE id = ?').get(
          id,
        ) ?? null
      );
    },
    participants(threadId) {
      return sql<[string], User>(
        'SELECT u.id, u.name, u.role FROM participants p JOIN users u ON u.id = p.user_id WHERE p.thread_id = ? ORDER BY u.role',
      ).all(threadId);
    },
    isParticipant(threadId, userId) {
      return (
        sql('SELECT 1 FROM participants WHERE thread_id = ? AND user_id = ?').get(threadId, userId) !==
        undefined
      );
    },
    threadsOf(userId) {
      return sql<[string], Thread>(
        `SELECT t.id, t.title, t.created_at AS createdAt FROM threads t
           JOIN participants p ON p.thread_id = t.id WHERE p.user_id = ? ORDER BY t.created_at`,
      ).all(userId);
    },
    addMessage(threadId, authorId, text) {
      const author = userById.get(authorId);
      if (author === undefined) throw new Error(`unknown user ${authorId}`);
      const message: Message = { id: newId('m'), threadId, author, text, createdAt: clock.now() };
      sql('INSERT INTO messages (id, thread_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?)').run(
        message.id,
        threadId,
        authorId,
        text,
        message.createdAt,
      );
      return message;
    },
    messages(threadId) {
      const rows = sql<[string], { id: string; author_id: string; text: string; created_at: number }>(
        'SELECT id, author_id, text, created_at FROM messages WHERE thread_id = ? ORDER BY created_at, rowid',
      ).all(threadId);
      return rows.map((row) => ({
        id: row.id,
        threadId,
        author: userById.get(row.author_id) ?? { id: row.author_id, name: '?', role: 'candidate' },
        text: row.text,
        createdAt: row.created_at,
      }));
    },
    insertFile(file) {
      sql(
        `INSERT INTO files (id, thread_id, uploader_id, name, size, sha256, object_key, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'scanning', ?)`,
      ).run(
        file.id,
        file.threadId,
        file.uploaderId,
        file.name,
        file.size,
        file.sha256,
        file.objectKey,
        file.createdAt,
      );
      return {
        ...file,
        status: 'scanning',
        publishedAt: null,
        verdictVersion: 0,
        verdict: null,
        blockReason: null,
      };
    },
    getFile(id) {
      const row = fileById.get(id);
      return row === undefined ? null : toFile(row);
    },
    filesOf(threadId) {
      return sql<[string], FileRow>('SELECT * FROM files WHERE thread_id = ? ORDER BY created_at, rowid')
        .all(threadId)
        .map(toFile);
    },
    filesScanning() {
      return sql<[], FileRow>("SELECT * FROM files WHERE status = 'scanning' ORDER BY created_at, rowid")
        .all()
        .map(toFile);
    },
    applyVerdict(webhookId, fileId, decide) {
      return apply(webhookId, fileId, decide);
    },
    hasReceipt(webhookId) {
      return receiptById.get(webhookId) !== undefined;
    },
    watermark(name) {
      return selectWatermark.get(name)?.value ?? null;
    },
    setWatermark(name, value) {
      upsertWatermark.run(name, value);
    },
    pruneReceipts(before) {
      return deleteReceipts.run(before).changes;
    },
    close() {
      db.close();
    },
  };
}
