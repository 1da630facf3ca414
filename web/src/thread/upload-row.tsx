import { formatSize } from '../format/format-size.js';
import { useI18n } from '../i18n/i18n-context.js';
import { uploadErrorText } from '../i18n/upload-error-text.js';
import type { Upload } from './use-uploads.js';

/** A file on its way up: a real progress bar of bytes sent, or the server's refusal with a dismiss button. */
export function UploadRow({
  upload,
  onDismiss,
}: {
  readonly upload: Upload;
  readonly onDismiss: () => void;
}) {
  const { t, lang } = useI18n();
  const id = `upload-${upload.key}`;
  const percent = upload.total > 0 ? Math.min(100, Math.round((upload.loaded / upload.total) * 100)) : 0;
  return (
    <li class="entry entry--mine">
      <article class={upload.error ? 'file-card file-card--blocked' : 'file-card file-card--uploading'}>
        <div class="file-card__icon" aria-hidden="true">
          ↑
        </div>
        <div class="file-card__body">
          <p class="file-card__name" id={`${id}-name`}>
            {upload.name}
          </p>
          {upload.error ? (
            <div class="file-status">
              <p class="status-pill status-pill--blocked">
                <span class="status-pill__icon" aria-hidden="true" />
                {t('uploadFailed')}
              </p>
              <p class="file-status__reason" role="alert">
                {uploadErrorText(upload.error, lang)}
              </p>
              <button type="button" class="button button--quiet" onClick={onDismiss}>
                {t('dismiss')}
              </button>
            </div>
          ) : (
            <div class="upload-progress">
              <progress
                class="upload-progress__bar"
                max={upload.total}
                value={upload.loaded}
                aria-labelledby={`${id}-name`}
                aria-valuetext={`${percent}%`}
              />
              <span class="file-card__meta">
                {t('uploading')} {formatSize(upload.loaded)} / {formatSize(upload.total)} ({percent}%)
              </span>
            </div>
          )}
        </div>
      </article>
    </li>
  );
}
