import { sekishoApi } from '../api/sekisho-api.js';
import type { FileView } from '../api/types.js';
import { describeType } from '../format/describe-type.js';
import { formatSize } from '../format/format-size.js';
import { formatTime } from '../format/format-time.js';
import { useI18n } from '../i18n/i18n-context.js';
import { FileStatusLine } from './file-status-line.js';

/** Props of `FileCard`. */
export interface FileCardProps {
  readonly file: FileView;
  /** The caller sent this file (`mine`): they see its status in every state; others see only published files. */
  readonly asUploader: boolean;
  readonly isNew: boolean;
}

/**
 * One shared file: name, size, type, time and the start of its sha256 (two files of the same name
 * are told apart by them), its safety status for the uploader, and for the company the fact that
 * it passed the safety check, with a download link.
 */
export function FileCard({ file, asUploader, isNew }: FileCardProps) {
  const { t, lang } = useI18n();
  const type = describeType(file.type, file.name, lang);
  return (
    <li class={asUploader ? 'entry entry--mine' : 'entry'} data-file-id={file.id}>
      <article class={`file-card file-card--${file.status}${isNew ? ' file-card--new' : ''}`}>
        <div class="file-card__icon" aria-hidden="true">
          {type.short}
        </div>
        <div class="file-card__body">
          <p class="file-card__name">
            {isNew && <span class="badge badge--new">{t('newFile')}</span>} <span>{file.name}</span>
          </p>
          <p class="file-card__meta">
            {formatSize(file.size)} · {type.label} ·{' '}
            <time dateTime={new Date(file.createdAt).toISOString()}>{formatTime(file.createdAt, lang)}</time>
            {' · '}
            <span class="file-card__hash" title={file.sha256}>
              {t('shortHash', { hash: file.sha256.slice(0, 8) })}
            </span>
          </p>
          {asUploader && <FileStatusLine file={file} />}
          {!asUploader && file.status === 'published' && (
            <p class="status-pill status-pill--published">
              <span class="status-pill__icon" aria-hidden="true" />
              {t('passedCheck')}
            </p>
          )}
        </div>
        {file.status === 'published' && (
          <a
            class="button button--primary file-card__download"
            href={sekishoApi.fileContentUrl(file.id)}
            download={file.name}
            aria-label={t('downloadName', { name: file.name })}
          >
            {t('download')}
          </a>
        )}
      </article>
    </li>
  );
}
