import type { OpsSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';

type Engine = OpsSummary['engines'][number];

/** What the server reports for an engine that has scanned nothing since the data directory was new. */
const NOT_YET_USED = 'not yet used';

/** The version without the engine's name when it repeats it (`builtin 0.1.0` under `builtin`). */
function versionOnly(engine: Engine): string {
  const prefix = `${engine.engine} `;
  return engine.version.startsWith(prefix) ? engine.version.slice(prefix.length) : engine.version;
}

/**
 * The scanner engines, their versions (clamd's includes its signature database) and whether each
 * answers: a clamd that does not is shown down, with why, since every upload then fails closed.
 */
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
            <div key={engine.engine} class="engines__row" data-engine={engine.engine}>
              <dt>{engine.engine}</dt>
              <dd>
                {engine.version === NOT_YET_USED ? (
                  <span class="muted">{t('notYetUsed')}</span>
                ) : (
                  <code>{versionOnly(engine)}</code>
                )}
                <span class={engine.up === false ? 'engine-state engine-state--down' : 'engine-state'}>
                  {engine.up === false ? t('engineDown') : t('engineUp')}
                </span>
                {engine.up === false && engine.problem && <p class="error-text">{engine.problem}</p>}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
