import { useRef, useState } from 'preact/hooks';
import { sekishoApi } from '../api/sekisho-api.js';
import type { Message } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { wordGap } from '../i18n/word-gap.js';

/** Props of `Composer`. */
export interface ComposerProps {
  readonly threadId: string;
  /** Only the candidate attaches files; the company writes messages. */
  readonly canAttach: boolean;
  readonly onFiles: (files: File[]) => void;
  readonly onSent: (message: Message) => void;
}

/** The message box with Send, and for the candidate an Attach button that takes several files at once. */
export function Composer({ threadId, canAttach, onFiles, onSent }: ComposerProps) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  const send = () => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    sekishoApi.postMessage(threadId, body).then(
      (message) => {
        onSent(message);
        setText('');
        setFailed(false);
        setBusy(false);
      },
      () => {
        setFailed(true);
        setBusy(false);
      },
    );
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label for="composer-text" class="visually-hidden">
        {t('messageLabel')}
      </label>
      <div class="composer__row">
        {canAttach && (
          <>
            <input
              ref={picker}
              id="composer-files"
              class="visually-hidden"
              type="file"
              multiple
              tabIndex={-1}
              aria-hidden="true"
              onChange={(event) => {
                const input = event.target as HTMLInputElement;
                const files = Array.from(input.files ?? []);
                input.value = '';
                if (files.length > 0) onFiles(files);
              }}
            />
            <button
              type="button"
              class="button composer__attach"
              aria-describedby="composer-help"
              onClick={() => picker.current?.click()}
            >
              <span aria-hidden="true" class="composer__clip">
                +
              </span>
              <span class="composer__attach-label">{t('attach')}</span>
            </button>
          </>
        )}
        <textarea
          id="composer-text"
          class="input composer__text"
          rows={1}
          placeholder={t('messagePlaceholder')}
          value={text}
          onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
          onKeyDown={(event) => {
            // Enter sends, Shift+Enter breaks the line; Enter that confirms a Japanese IME conversion does neither.
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" class="button button--primary composer__send" disabled={busy || !text.trim()}>
          {busy ? t('sending') : t('send')}
        </button>
      </div>
      {canAttach && (
        <p id="composer-help" class="composer__help">
          {t('attachHelp')}
          {wordGap(lang)}
          <span class="composer__drop-hint">{t('dropHint')}</span>
        </p>
      )}
      {failed && (
        <p class="error-text" role="alert">
          {t('sendFailed')}
        </p>
      )}
    </form>
  );
}
