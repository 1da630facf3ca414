import { ConfigError } from '../../shared/errors.js';

/**
 * Reads a Lambda function's environment, collecting every problem so that a misconfigured function
 * names all its wrong variables in one failed invocation.
 */
export interface EnvReader {
  /** A non-empty value, or a problem naming the variable and `what` it should hold. */
  required(name: string, what: string): string;
  optional(name: string): string | undefined;
  /** A positive whole number, `fallback` when unset. */
  positiveInt(name: string, fallback: number): number;
  /** Comma-separated values, trimmed, empty ones dropped. */
  list(name: string): string[];
  /** Adds a problem found by the caller (a value outside its allowed set). */
  problem(text: string): void;
  /** Throws one `ConfigError` listing every problem, if there were any. */
  check(component: string): void;
}

export function readEnv(env: NodeJS.ProcessEnv): EnvReader {
  const problems: string[] = [];
  return {
    required(name, what) {
      const value = env[name]?.trim() ?? '';
      if (value === '') problems.push(`${name} must be set to ${what}`);
      return value;
    },
    optional(name) {
      const value = env[name]?.trim();
      return value === '' ? undefined : value;
    },
    positiveInt(name, fallback) {
      const raw = env[name];
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = Number(raw);
      if (!Number.isSafeInteger(value) || value <= 0) {
        problems.push(`${name} must be a positive whole number; got "${raw}"`);
        return fallback;
      }
      return value;
    },
    list(name) {
      return (env[name] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    },
    problem(text) {
      problems.push(text);
    },
    check(component) {
      if (problems.length > 0)
        throw new ConfigError(`The ${component} is misconfigured: ${problems.join('; ')}.`);
    },
  };
}
