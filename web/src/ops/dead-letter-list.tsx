import { useState } from 'preact/hooks';
import { sekishoApi } from '../api/sekisho-api.js';
import type { DeadLetter } from '../api/types.js';
import { formatTime } from '../format/format-time.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Props of `DeadLetterList`. */
export interface DeadLetterListProps {
  readonly deadLetters: readonly DeadLetter[];
  /** Called after a replay so the page refreshes the summary. */
  readonly onReplayed: () => void;
}

type ReplayState =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done' }
  | { state: 'failed'; message: string };

/** The batches the dispatcher gave up on, each with why, how often it tried, and a Replay button. */
export function DeadLetterList({ deadLetters, onReplayed }: DeadLetterListProps) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Readonly<Record<string, ReplayState>>>({});
  const [notice, setNotice] = useState('');

  const replay = (id: string) => {
    setStatus((current) => ({ ...current, [id]: { state: 'busy' } }));
    sekishoApi.replayDeadLetter(id).then(
      () => {
        setStatus((current) => ({ ...current, [id]: { state: 'done' } }));
        setNotice(`${t('replayed')}: ${id}`);
        onReplayed();
      },
      (error: Error) => {
        setStatus((current) => ({ ...current, [id]: { state: 'failed', message: error.message } }));
        setNotice(t('replayFailed', { message: error.message }));
      },
    );
  };

  return (
    <section class="card" aria-labelledby="dlq-title">
      <h2 id="dlq-title" class="card__title">
        {t('deadLetters')} <span class="count">{deadLetters.length}</span>
      </h2>
      <p class="visually-hidden" aria-live="polite">
        {notice}
      </p>
      {deadLetters.length === 0 ? (
        <p class="muted">{t('noDeadLetters')}</p>
      ) : (
        <ul class="dead-letters">
          {deadLetters.map((letter) => (
            <DeadLetterItem
              key={letter.id}
              letter={letter}
              state={status[letter.id] ?? { state: 'idle' }}
              onReplay={() => replay(letter.id)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function DeadLetterItem({
  letter,
  state,
  onReplay,
}: {
  readonly letter: DeadLetter;
  readonly state: ReplayState;
  readonly onReplay: () => void;
}) {
  const { t, lang } = useI18n();
  return (
    <li class="dead-letter" data-dead-letter-id={letter.id}>
      <div class="dead-letter__body">
        <p class="dead-letter__reason">{letter.reason}</p>
        <p class="muted">
          {t('failedAt')} {formatTime(letter.failedAt, lang)} · {letter.attempts} {t('attempts')} ·{' '}
          {letter.fileIds.length} {t(letter.fileIds.length === 1 ? 'file' : 'files')} ·{' '}
          <code>{letter.id}</code>
        </p>
        {state.state === 'failed' && (
          <p class="error-text">{t('replayFailed', { message: state.message })}</p>
        )}
      </div>
      <button
        type="button"
        class="button button--primary"
        disabled={state.state === 'busy' || state.state === 'done'}
        onClick={onReplay}
        aria-label={`${t('replay')} ${letter.id}`}
      >
        {state.state === 'busy' ? t('replaying') : state.state === 'done' ? t('replayed') : t('replay')}
      </button>
    </li>
  );
}
