import type { Me } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { LanguageSwitch } from './language-switch.js';
import { RoleBadge, roleLabels } from './role-badge.js';

/** Props of `Header`. */
export interface HeaderProps {
  readonly me: Me | null;
  readonly onOps: boolean;
  readonly onSignOut: () => void;
}

/** The top bar: the name, who is signed in, a link between the thread and operations, the language switch. */
export function Header({ me, onOps, onSignOut }: HeaderProps) {
  const { t } = useI18n();
  return (
    <header class="header">
      <a class="header__brand" href="/">
        <span class="header__logo" aria-hidden="true">
          関
        </span>
        <span class="header__name">{t('appName')}</span>
        <span class="header__tagline">{t('tagline')}</span>
      </a>
      <nav class="header__nav" aria-label={t('appName')}>
        {me && onOps && me.threads.length > 0 && (
          <a class="header__link" href="/">
            {t('backToThread')}
          </a>
        )}
        {me && !onOps && me.user.role === 'operator' && (
          <a class="header__link" href="/ops">
            {t('opsTitle')}
          </a>
        )}
      </nav>
      <div class="header__tools">
        {me && (
          <span class="header__user">
            <span class="visually-hidden">{t('youAre')} </span>
            {/* A name that only repeats the role ("Operator") is left to the badge. */}
            {!roleLabels(me.user.role).includes(me.user.name.trim()) && (
              <span class="header__user-name">{me.user.name}</span>
            )}{' '}
            <RoleBadge role={me.user.role} />
          </span>
        )}
        <LanguageSwitch />
        {me && (
          <button type="button" class="button button--quiet" onClick={onSignOut}>
            {t('signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
