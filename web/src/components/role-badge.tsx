import type { Role } from '../api/types.js';
import { useI18n } from '../i18n/i18n-context.js';
import { messages } from '../i18n/messages.js';

const KEYS = { candidate: 'roleCandidate', company: 'roleCompany', operator: 'roleOperator' } as const;

/** The role's label in every language the page speaks. */
export function roleLabels(role: Role): string[] {
  return Object.values(messages).map((table) => table[KEYS[role]]);
}

/** A small label naming a role: job seeker, company or operator. */
export function RoleBadge({ role }: { readonly role: Role }) {
  const { t } = useI18n();
  return <span class={`badge badge--${role}`}>{t(KEYS[role])}</span>;
}
