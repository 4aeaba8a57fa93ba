import { Unknown } from '../../../model/unknown.js';
import type { Span } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';

/**
 * Terraform values as plain JS: strings, numbers, bools, null, arrays (list/tuple/set), plain
 * objects (map/object), `Unknown` for what cannot be known statically, and `LazyObject` for
 * resources and module calls, whose attributes are evaluated only when read (so two groups that
 * reference each other's `id` do not form a cycle, exactly as in Terraform's graph).
 */
export type Value = null | string | number | boolean | Value[] | ObjectValue | Unknown | LazyObject;
export interface ObjectValue {
  [key: string]: Value;
}

export abstract class LazyObject {
  abstract get(name: string, at: Span): Value;
  abstract keys(): string[];
  /** Materialises every attribute (for jsonencode, equality, for-expressions over a resource). */
  toObject(at: Span): ObjectValue {
    const out: ObjectValue = Object.create(null) as ObjectValue;
    for (const k of this.keys()) out[k] = this.get(k, at);
    return out;
  }
}

/** A user mistake found while evaluating (type error, bad reference); carries the span to report. */
export class EvalError extends Error {
  /** Set when the mistake is in another file than the expression being evaluated (a templatefile() template): where to report it. */
  where?: { file: SourceFile; span: Span };

  constructor(
    message: string,
    readonly span: Span | null,
  ) {
    super(message);
  }
}

export const isObj = (v: Value): v is ObjectValue =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof LazyObject);

export const newObject = (): ObjectValue => Object.create(null) as ObjectValue;

/** Parsed JSON as values: objects without a prototype, so a key such as `toString` is only data. */
export function fromJson(v: unknown): Value {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v && typeof v === 'object') {
    const out = newObject();
    for (const [k, x] of Object.entries(v)) out[k] = fromJson(x);
    return out;
  }
  return v as Value;
}

/**
 * Objects standing for a resource's nested block (`vpc_config[0]`), by what they describe: the
 * provider fills in attributes the configuration does not write (`cluster_security_group_id`),
 * so reading one of those is unknown, not an error.
 */
const computedOwners = new WeakMap<ObjectValue, string>();

export function blockObject(owner: string): ObjectValue {
  const o = newObject();
  computedOwners.set(o, owner);
  return o;
}

export const computedOwner = (o: ObjectValue): string | undefined => computedOwners.get(o);

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Unknown) return 'unknown value';
  if (v instanceof LazyObject || typeof v === 'object') return 'object';
  return typeof v;
}

/** The first unknown in `v` or anything inside it, or null when it is fully known. */
export function findUnknown(v: Value): Unknown | null {
  if (v instanceof Unknown) return v;
  const inner = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : [];
  for (const x of inner) {
    const u = findUnknown(x);
    if (u) return u;
  }
  return null;
}

/** True when `v` or anything inside it is unknown. */
export const containsUnknown = (v: Value): boolean => findUnknown(v) !== null;

export function firstUnknown(values: Value[]): Unknown | null {
  for (const v of values) if (v instanceof Unknown) return v;
  return null;
}

/** Terraform's automatic conversion to string (numbers and bools convert; null, collections do not). */
export function toStr(v: Value, at: Span | null, what = 'value'): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new EvalError(`expected a string for the ${what}, found ${typeName(v)}`, at);
}

/** Terraform prints numbers the way JavaScript does for the values real configurations hold. */
export function formatNumber(n: number): string {
  return String(n);
}

export function toNum(v: Value, at: Span | null, what = 'value'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new EvalError(`expected a number for the ${what}, found ${typeof v === 'string' ? JSON.stringify(v) : typeName(v)}`, at);
}

export function toBool(v: Value, at: Span | null, what = 'value'): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new EvalError(`expected a bool for the ${what}, found ${typeName(v)}`, at);
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

/** Stable text form used to deduplicate set elements. */
export function valueKey(v: Value): string {
  if (v instanceof Unknown) return `?${v.reason}`;
  if (v instanceof LazyObject) return `lazy:${String(v)}`;
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1))) : x,
  );
}

export function toPlain(v: Value, at: Span): Value {
  if (v instanceof LazyObject) return toPlain(v.toObject(at), at);
  if (Array.isArray(v)) return v.map((x) => toPlain(x, at));
  if (isObj(v)) {
    const out = newObject();
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x, at);
    return out;
  }
  return v;
}
