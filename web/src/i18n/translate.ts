import { type Lang, type MessageKey, messages } from './messages.js';

/** Looks up a string and fills its `{name}` slots. The result is text: Preact escapes it when rendered. */
export function translate(lang: Lang, key: MessageKey, vars: Readonly<Record<string, string>> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (slot, name: string) => vars[name] ?? slot);
}
