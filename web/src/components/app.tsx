import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import { sekishoApi } from '../api/sekisho-api.js';
import type { Me } from '../api/types.js';
import { I18nContext } from '../i18n/i18n-context.js';
import type { Lang } from '../i18n/messages.js';
import { LANG_STORAGE_KEY, pickLanguage } from '../i18n/pick-language.js';
import { translate } from '../i18n/translate.js';
import { OpsPage } from '../ops/ops-page.js';
import { ThreadPage } from '../thread/thread-page.js';
import { Header } from './header.js';
import { SignIn } from './sign-in.js';
import { StatusPanel } from './status-panel.js';

type Session = { state: 'loading' } | { state: 'signed-out' } | { state: 'error' } | { state: 'in'; me: Me };

function readSavedLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage disabled: follow the browser's language
  }
}

/** The whole page: language, session, and which screen the path asks for (`/` or `/ops`). */
export function App() {
  const [lang, setLangState] = useState<Lang>(() => pickLanguage(readSavedLang(), navigator.languages));
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // The choice then lasts only for this visit.
    }
  }, []);
  const i18n = useMemo(
    () => ({
      lang,
      setLang,
      t: (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(lang, key, vars),
    }),
    [lang, setLang],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${translate(lang, 'appName')} · ${translate(lang, 'tagline')}`;
  }, [lang]);

  const loadMe = useCallback(() => {
    setSession({ state: 'loading' });
    sekishoApi.me().then(
      (me) => setSession({ state: 'in', me }),
      (error: unknown) =>
        setSession(
          error instanceof ApiError && error.status === 401 ? { state: 'signed-out' } : { state: 'error' },
        ),
    );
  }, []);
  useEffect(loadMe, [loadMe]);

  const signOut = useCallback(() => {
    sekishoApi.signOut().finally(() => setSession({ state: 'signed-out' }));
  }, []);

  const onOps = location.pathname.replace(/\/+$/, '') === '/ops';
  const me = session.state === 'in' ? session.me : null;

  return (
    <I18nContext.Provider value={i18n}>
      <div class={me && !onOps ? 'shell shell--chat' : 'shell'}>
        <a class="skip-link" href="#main">
          {i18n.t('skipToContent')}
        </a>
        <Header me={me} onOps={onOps} onSignOut={signOut} />
        <main id="main" tabIndex={-1} class={onOps ? 'main main--wide' : 'main'}>
          {session.state === 'loading' && <StatusPanel message={i18n.t('loading')} />}
          {session.state === 'error' && (
            <StatusPanel message={i18n.t('loadFailed')} actionLabel={i18n.t('retry')} onAction={loadMe} />
          )}
          {session.state === 'signed-out' && <SignIn onSignedIn={loadMe} />}
          {me && onOps && <OpsPage />}
          {me && !onOps && <ThreadPage me={me} />}
        </main>
      </div>
    </I18nContext.Provider>
  );
}
