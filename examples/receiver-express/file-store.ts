// The example's own storage of files and webhook receipts: in memory, to keep the example short.
// A real app implements the same three methods on its database; see docs/receiver.md for DynamoDB
// and SQL versions of applyVerdict (one transaction: the receipt and the guarded file update).
import type { FileChange, ReceiptOutcome, ReleaseFile, ReleaseStore } from 'sekisho/receiver';

/** What this app keeps about a file: what the receiver needs, plus its name. */
export interface AppFile extends ReleaseFile {
  readonly name: string;
}

export interface MemoryFileStore extends ReleaseStore<AppFile> {
  /** Records a new upload, `scanning` until its first verdict. */
  insert(file: Pick<AppFile, 'id' | 'threadId' | 'objectKey' | 'sha256' | 'name'>): AppFile;
  get(id: string): AppFile | undefined;
}

export function createMemoryFileStore(): MemoryFileStore {
  const files = new Map<string, AppFile>();
  const receipts = new Map<string, ReceiptOutcome>();
  return {
    insert(file) {
      const row: AppFile = { ...file, status: 'scanning', verdictVersion: 0, publishedAt: null };
      files.set(row.id, row);
      return row;
    },
    get: (id) => files.get(id),
    getFile: async (id) => files.get(id) ?? null,
    hasReceipt: async (webhookId) => receipts.has(webhookId),
    // Synchronous from the first read to the last write, so atomic within this one process.
    async applyVerdict(webhookId, fileId, decide: (file: AppFile) => FileChange) {
      const file = files.get(fileId);
      if (file === undefined) return null;
      if (receipts.has(webhookId)) return { outcome: 'duplicate', file };
      const change = decide(file);
      let outcome: ReceiptOutcome = 'stale';
      let updated = file;
      if (change.kind === 'update' && file.verdictVersion < change.version) {
        updated = {
          ...file,
          status: change.status,
          verdictVersion: change.version,
          publishedAt: change.publishedAt,
        };
        files.set(fileId, updated);
        outcome = change.status === 'scanning' ? 'stale' : change.status;
      }
      receipts.set(webhookId, outcome);
      return { outcome, file: updated };
    },
  };
}
