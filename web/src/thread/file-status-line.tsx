import type { FileView } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { wordGap } from '../i18n/word-gap.js';

/**
 * The uploader's view of where a file stands: checking, shared, or not shared with the reason
 * in plain words and what to do next (the server's `explanation`, in the page's language).
 */
export function FileStatusLine({ file }: { readonly file: FileView }) {
  const { t, lang } = useI18n();
  const explanation = file.explanation?.[lang];
  // A revoked file was published, then a re-scan found it unsafe: explain it when the server says why.
  const refused =
    file.status === 'blocked' || file.status === 'failed' || (file.status === 'revoked' && !!explanation);
  return (
    <div class="file-status">
      <p class={`status-pill status-pill--${file.status}`}>
        <span class="status-pill__icon" aria-hidden="true" />
        {t(file.status)}
      </p>
      {refused && (
        <div class="file-status__explain">
          <p class="file-status__reason">{explanation?.reason ?? t('blockedFallback')}</p>
          <p class="file-status__next">
            <strong>{t('nextStep')}</strong>
            {wordGap(lang)}
            {explanation?.nextStep ?? t('nextStepFallback')}
          </p>
        </div>
      )}
    </div>
  );
}
