import { useEffect, useRef } from 'preact/hooks';
import type { FileView, Message, User } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { FileCard } from './file-card.js';
import { MessageBubble } from './message-bubble.js';
import { UploadRow } from './upload-row.js';
import type { Upload } from './use-uploads.js';

/** Props of `Timeline`. */
export interface TimelineProps {
  readonly me: User;
  readonly messages: readonly Message[];
  readonly files: readonly FileView[];
  readonly uploads: readonly Upload[];
  readonly onDismissUpload: (key: string) => void;
  /** A file that just arrived live, marked "new" for the company. */
  readonly highlightId: string | null;
}

type Entry = { at: number; message: Message } | { at: number; file: FileView };

/** Messages and files in time order, oldest first, so the newest sits at the bottom by the composer. */
export function Timeline({ me, messages, files, uploads, onDismissUpload, highlightId }: TimelineProps) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  // Like any chat: stay pinned to the newest entry unless the reader scrolled up to read older ones.
  const pinned = useRef(true);
  const entries: Entry[] = [
    ...messages.map((message) => ({ at: message.createdAt, message })),
    ...files.map((file) => ({ at: file.createdAt, file })),
  ].sort((a, b) => a.at - b.at);
  const count = entries.length + uploads.length;

  useEffect(() => {
    pinned.current = true; // a new entry (often the reader's own upload) brings the view down
  }, [count]);
  useEffect(() => {
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  });

  const empty = count === 0;
  return (
    <div
      ref={scroller}
      class="timeline-scroll"
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
      }}
    >
      <ol class="timeline" aria-label={t('threadLabel')}>
        {empty && (
          <li class="timeline__empty">
            {me.role === 'candidate' ? t('emptyThread') : t('emptyThreadCompany')}
          </li>
        )}
        {entries.map((entry) =>
          'message' in entry ? (
            <MessageBubble
              key={entry.message.id}
              message={entry.message}
              mine={entry.message.author.id === me.id}
            />
          ) : (
            <FileCard
              key={entry.file.id}
              file={entry.file}
              asUploader={entry.file.mine}
              isNew={entry.file.id === highlightId}
            />
          ),
        )}
        {uploads.map((upload) => (
          <UploadRow key={upload.key} upload={upload} onDismiss={() => onDismissUpload(upload.key)} />
        ))}
      </ol>
    </div>
  );
}
