// What the example app was told through onApplied, per file (where a real app notifies the company).

import type { AppFile } from '../../examples/receiver-express/file-store.js';
import type { AppliedVerdict } from '../../src/exports/receiver.js';

export function createAppliedLog() {
  const byFile = new Map<string, string[]>();
  return {
    record: ({ outcome, file }: AppliedVerdict<AppFile>): void => {
      byFile.set(file.id, [...(byFile.get(file.id) ?? []), outcome]);
    },
    outcomesOf: (fileId: string): readonly string[] => byFile.get(fileId) ?? [],
  };
}
