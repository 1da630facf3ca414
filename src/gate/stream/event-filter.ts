import { InvalidInputError } from '../../shared/errors.js';
import type { StreamRecord } from '../stream-record.js';

/**
 * Lambda's `FilterCriteria`: a record is delivered when it matches at least one filter; each
 * `Pattern` is a JSON string in the event-filtering syntax, e.g.
 * `{"eventName":["INSERT","MODIFY"],"dynamodb":{"NewImage":{"verdict":{"M":{"kind":{"S":["clean"]}}}}}}`.
 */
export interface FilterCriteria {
  readonly Filters: readonly { readonly Pattern: string }[];
}

type Matcher = (value: unknown, present: boolean) => boolean;
type CompiledPattern = (event: unknown) => boolean;

const COMPARE = {
  '=': (n: number, bound: number) => n === bound,
  '<': (n: number, bound: number) => n < bound,
  '<=': (n: number, bound: number) => n <= bound,
  '>': (n: number, bound: number) => n > bound,
  '>=': (n: number, bound: number) => n >= bound,
} as const;
const NUMERIC_OPS = Object.keys(COMPARE) as (keyof typeof COMPARE)[];

/**
 * Compiles filter criteria once into a predicate. Supported, as Lambda documents them: exact values
 * (string, number, boolean, null; any of a list), `prefix`, `suffix`, `equals-ignore-case`,
 * `anything-but` (values, or `{prefix}` / `{suffix}`), `exists` true/false and `numeric` ranges.
 * Fields holding arrays match when any element matches. DynamoDB numbers travel as strings in `N`,
 * so numeric matchers also accept decimal strings. Throws `FILTER_CRITERIA_INVALID` naming the
 * filter and field when a pattern cannot be understood. No filters means every record passes.
 */
export function compileFilterCriteria(
  criteria: FilterCriteria | undefined,
): (record: StreamRecord) => boolean {
  if (criteria === undefined || criteria.Filters.length === 0) return () => true;
  const patterns = criteria.Filters.map((filter, i) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(filter.Pattern);
    } catch (error) {
      throw invalid(`Filters[${i}].Pattern is not valid JSON (${(error as Error).message})`);
    }
    return compileObject(parsed, `Filters[${i}].Pattern`);
  });
  return (record) => patterns.some((match) => match(record));
}

function invalid(message: string): InvalidInputError {
  return new InvalidInputError(
    'FILTER_CRITERIA_INVALID',
    `${message}. Write patterns as Lambda event filtering does, e.g. {"eventName":["INSERT"]}.`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compileObject(pattern: unknown, path: string): CompiledPattern {
  if (!isObject(pattern) || Object.keys(pattern).length === 0)
    throw invalid(`${path} must be a non-empty JSON object`);
  const fields = Object.entries(pattern).map(([key, sub]): CompiledPattern => {
    const where = `${path}.${key}`;
    if (Array.isArray(sub)) {
      if (sub.length === 0) throw invalid(`${where} is an empty list, which matches nothing`);
      const matchers = sub.map((m, i) => compileMatcher(m, `${where}[${i}]`));
      return (event) => {
        const present = isObject(event) && key in event;
        const value = present ? event[key] : undefined;
        return matchers.some((m) => m(value, present));
      };
    }
    const nested = compileObject(sub, where);
    return (event) => nested(isObject(event) ? event[key] : undefined);
  });
  // Fields of one pattern are ANDed; values listed for one field are ORed.
  return (event) => fields.every((f) => f(event));
}

/** Applies `test` to a scalar, or to each element of an array (any may match). */
function anyValue(test: (v: unknown) => boolean): Matcher {
  return (value, present) => present && (Array.isArray(value) ? value.some(test) : test(value));
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)) return Number(v);
  return undefined;
}

function compileMatcher(m: unknown, path: string): Matcher {
  if (m === null) return anyValue((v) => v === null);
  if (typeof m === 'string' || typeof m === 'boolean') return anyValue((v) => v === m);
  if (typeof m === 'number') return anyValue((v) => toNumber(v) === m);
  if (!isObject(m)) throw invalid(`${path} must be a value or an operator object`);
  const keys = Object.keys(m);
  const [op] = keys;
  if (keys.length !== 1 || op === undefined) throw invalid(`${path} must have exactly one operator`);
  const arg = m[op];
  switch (op) {
    case 'prefix':
      if (typeof arg !== 'string') throw invalid(`${path}.prefix must be a string`);
      return anyValue((v) => typeof v === 'string' && v.startsWith(arg));
    case 'suffix':
      if (typeof arg !== 'string') throw invalid(`${path}.suffix must be a string`);
      return anyValue((v) => typeof v === 'string' && v.endsWith(arg));
    case 'equals-ignore-case':
      if (typeof arg !== 'string') throw invalid(`${path}.equals-ignore-case must be a string`);
      return anyValue((v) => typeof v === 'string' && v.toLowerCase() === arg.toLowerCase());
    case 'exists':
      if (typeof arg !== 'boolean') throw invalid(`${path}.exists must be true or false`);
      return (_value, present) => present === arg;
    case 'anything-but':
      return compileAnythingBut(arg, `${path}.anything-but`);
    case 'numeric':
      return compileNumeric(arg, `${path}.numeric`);
    default:
      throw invalid(`${path} uses the unsupported operator "${op}"`);
  }
}

function compileAnythingBut(arg: unknown, path: string): Matcher {
  if (isObject(arg)) {
    const inner = compileMatcher(arg, path);
    return anyValue((v) => typeof v === 'string' && !inner(v, true));
  }
  const values = Array.isArray(arg) ? arg : [arg];
  if (values.length === 0 || !values.every((v) => typeof v === 'string' || typeof v === 'number'))
    throw invalid(`${path} must be a string, a number, a list of them, or {prefix}/{suffix}`);
  return anyValue((v) => !values.some((x) => (typeof x === 'number' ? toNumber(v) === x : v === x)));
}

function compileNumeric(arg: unknown, path: string): Matcher {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0)
    throw invalid(`${path} must be a list of operator and number pairs, e.g. [">", 0, "<=", 5]`);
  const conditions: { op: (typeof NUMERIC_OPS)[number]; bound: number }[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const bound = arg[i + 1];
    if (!NUMERIC_OPS.includes(op) || typeof bound !== 'number')
      throw invalid(`${path}[${i}] must be one of ${NUMERIC_OPS.join(' ')} followed by a number`);
    conditions.push({ op, bound });
  }
  return anyValue((v) => {
    const n = toNumber(v);
    if (n === undefined) return false;
    return conditions.every(({ op, bound }) => COMPARE[op](n, bound));
  });
}
