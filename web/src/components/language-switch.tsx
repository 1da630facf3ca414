import { useI18n } from '../i18n/i18n-context.js';
import type { Lang } from '../i18n/messages.js';

const CHOICES: readonly { lang: Lang; label: string }[] = [
  { lang: 'en', label: 'English' },
  { lang: 'ja', label: '日本語' },
];

/** Two toggle buttons, English and 日本語, each labelled in its own language. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <fieldset class="lang-switch">
      <legend class="visually-hidden">{t('language')}</legend>
      {CHOICES.map((choice) => (
        <button
          key={choice.lang}
          type="button"
          lang={choice.lang}
          class="lang-switch__option"
          aria-pressed={lang === choice.lang}
          onClick={() => setLang(choice.lang)}
        >
          {choice.label}
        </button>
      ))}
    </fieldset>
  );
}
