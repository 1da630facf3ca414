import { useState } from 'preact/hooks';
import { sekishoApi } from '../api/sekisho-api.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The token sign-in form, shown when there is no session (outside demo mode). */
export function SignIn({ onSignedIn }: { readonly onSignedIn: () => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    sekishoApi.signIn(token.trim()).then(
      () => onSignedIn(),
      () => {
        setFailed(true);
        setBusy(false);
      },
    );
  };

  return (
    <section class="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signInTitle')}</h1>
      <p>{t('signInIntro')}</p>
      <form onSubmit={submit} class="sign-in__form">
        <label for="token" class="field-label">
          {t('tokenLabel')}
        </label>
        <input
          id="token"
          class="input"
          type="password"
          autocomplete="current-password"
          value={token}
          aria-invalid={failed}
          aria-describedby={failed ? 'sign-in-error' : undefined}
          onInput={(event) => setToken((event.target as HTMLInputElement).value)}
          required
        />
        {failed && (
          <p id="sign-in-error" class="error-text" role="alert">
            {t('signInFailed')}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={busy}>
          {t('signInButton')}
        </button>
      </form>
    </section>
  );
}
