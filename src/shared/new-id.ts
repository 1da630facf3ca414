import { randomBytes } from 'node:crypto';

/** A new id with a readable prefix: `f_…`, `t_…`, 128 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
