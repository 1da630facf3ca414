import type { Message } from '../api/types.js';
import { formatTime } from '../format/format-time.js';
import { useI18n } from '../i18n/i18n-context.js';

/** One message: the author, the time and the text (rendered as text, never as HTML). */
export function MessageBubble({ message, mine }: { readonly message: Message; readonly mine: boolean }) {
  const { t, lang } = useI18n();
  return (
    <li class={mine ? 'entry entry--mine' : 'entry'}>
      <article class="bubble">
        <header class="bubble__meta">
          <span class="bubble__author">{mine ? t('you') : message.author.name}</span>{' '}
          <time dateTime={new Date(message.createdAt).toISOString()}>
            {formatTime(message.createdAt, lang)}
          </time>
        </header>
        <p class="bubble__text">{message.text}</p>
      </article>
    </li>
  );
}
