import type { OpsSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The scanner engines in use and their versions (clamd's includes its signature database). */
export function EngineList({ engines }: { readonly engines: OpsSummary['engines'] }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="engines-title">
      <h2 id="engines-title" class="card__title">
        {t('engines')}
      </h2>
      {engines.length === 0 ? (
        <p class="muted">{t('noData')}</p>
      ) : (
        <dl class="engines">
          {engines.map((engine) => (
            <div key={engine.engine} class="engines__row">
              <dt>{engine.engine}</dt>
              <dd>
                <code>{engine.version}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
