import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../api/types.js';
import { LiveAnnouncer } from '../components/live-announcer.js';
import { StatusPanel } from '../components/status-panel.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Composer } from './composer.js';
import { DropZone } from './drop-zone.js';
import { Timeline } from './timeline.js';
import { useThread } from './use-thread.js';
import { useUploads } from './use-uploads.js';

/** The conversation screen: the thread's messages and files, and the composer at the bottom. */
export function ThreadPage({ me }: { readonly me: Me }) {
  const { t } = useI18n();
  const [threadId, setThreadId] = useState(me.threads[0]?.id ?? '');
  if (!threadId)
    return me.user.role === 'operator' ? (
      <StatusPanel
        message={t('noThreads')}
        actionLabel={t('opsTitle')}
        onAction={() => location.assign('/ops')}
      />
    ) : (
      <StatusPanel message={t('noThreads')} />
    );
  return (
    <div class="thread-page">
      {me.threads.length > 1 && (
        <div class="thread-picker">
          <label for="thread-picker" class="field-label">
            {t('threadLabel')}
          </label>
          <select
            id="thread-picker"
            class="input"
            value={threadId}
            onChange={(event) => setThreadId((event.target as HTMLSelectElement).value)}
          >
            {me.threads.map((thread) => (
              <option key={thread.id} value={thread.id}>
                {thread.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <ThreadView key={threadId} me={me} threadId={threadId} />
    </div>
  );
}

function ThreadView({ me, threadId }: { readonly me: Me; readonly threadId: string }) {
  const { t } = useI18n();
  const role = me.user.role;
  const state = useThread(threadId, role);
  const uploads = useUploads(threadId, state.addFile, me.maxUploadBytes ?? null);
  const canAttach = role === 'candidate';
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const change = state.lastChange;
    if (change?.kind !== 'file') return;
    const file = state.files.find((f) => f.id === change.id);
    if (role !== 'candidate') {
      setAnnouncement(
        t(change.event === 'file.revoked' ? 'fileRemoved' : 'fileShared', { name: change.name }),
      );
    } else if (file) {
      setAnnouncement(t('statusOf', { name: file.name, status: t(file.status) }));
    }
  }, [state.lastChange]);

  if (state.error && !state.thread)
    return <StatusPanel message={t('loadFailed')} actionLabel={t('retry')} onAction={state.reload} />;
  if (!state.thread) return <StatusPanel message={t('loading')} />;

  const timeline = (
    <Timeline
      me={me.user}
      messages={state.messages}
      files={state.files.filter((f) => f.mine || f.status === 'published')}
      uploads={uploads.uploads}
      onDismissUpload={uploads.dismiss}
      highlightId={role === 'candidate' ? null : (state.lastChange?.id ?? null)}
    />
  );

  return (
    <section class="thread" aria-labelledby="thread-title">
      <div class="thread__head">
        <h1 id="thread-title" class="thread__title">
          {state.thread.title}
        </h1>
        <p class="thread__people">{state.thread.participants.map((p) => p.name).join(' · ')}</p>
      </div>
      {canAttach ? <DropZone onFiles={uploads.start}>{timeline}</DropZone> : timeline}
      <Composer threadId={threadId} canAttach={canAttach} onFiles={uploads.start} onSent={state.addMessage} />
      <LiveAnnouncer message={announcement} />
    </section>
  );
}
