import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang, MessageKey } from './messages.js';
import { translate } from './translate.js';

/** The current language, a way to change it, and `t` bound to it. */
export interface I18n {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  readonly t: (key: MessageKey, vars?: Readonly<Record<string, string>>) => string;
}

/** Provided once by `App`; read with `useI18n()`. */
export const I18nContext = createContext<I18n>({
  lang: 'en',
  setLang: () => {},
  t: (key, vars) => translate('en', key, vars),
});

/** The page's language and its translator. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
