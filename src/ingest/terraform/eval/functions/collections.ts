import { Unknown } from '../../../../model/unknown.js';
import type { Span } from '../../hcl/ast.js';
import {
  EvalError, LazyObject, deepEqual, isObj, newObject, toBool, toNum, toStr, typeName, valueKey, type ObjectValue, type Value,
} from '../values.js';
import { MAX_VALUE_ELEMENTS, tooLarge } from '../budget.js';
import type { FunctionTable } from './types.js';

const list = (v: Value, at: Span, fn: string): Value[] => {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${fn}: expected a list or set, found ${typeName(v)}`, at);
};
const obj = (v: Value, at: Span, fn: string): ObjectValue => {
  if (v instanceof LazyObject) return v.toObject(at);
  if (isObj(v)) return v;
  throw new EvalError(`${fn}: expected a map or object, found ${typeName(v)}`, at);
};
export const distinct = (vs: Value[]): Value[] => {
  const seen = new Set<string>();
  return vs.filter((v) => {
    const k = valueKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};
const flatten = (v: Value[]): Value[] => v.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));

export const collectionFunctions: FunctionTable = {
  length: {
    arity: [1, 1],
    fn: ([v], at) => {
      if (typeof v === 'string') return [...v].length;
      if (Array.isArray(v)) return v.length;
      return Object.keys(obj(v!, at, 'length')).length;
    },
  },
  concat: { arity: [0, Infinity], acceptsUnknown: false, fn: (args, at) => args.flatMap((a) => list(a, at, 'concat')) },
  flatten: { arity: [1, 1], fn: ([v], at) => flatten(list(v!, at, 'flatten')) },
  distinct: { arity: [1, 1], fn: ([v], at) => distinct(list(v!, at, 'distinct')) },
  compact: { arity: [1, 1], fn: ([v], at) => list(v!, at, 'compact').filter((x) => x !== null && x !== '') },
  reverse: { arity: [1, 1], fn: ([v], at) => [...list(v!, at, 'reverse')].reverse() },
  sort: { arity: [1, 1], fn: ([v], at) => list(v!, at, 'sort').map((x) => toStr(x, at, 'sort element')).sort() },
  contains: { arity: [2, 2], fn: ([l, v], at) => list(l!, at, 'contains').some((x) => deepEqual(x, v!)) },
  index: {
    arity: [2, 2],
    fn: ([l, v], at) => {
      const i = list(l!, at, 'index').findIndex((x) => deepEqual(x, v!));
      if (i < 0) throw new EvalError('index: the value is not in the list', at);
      return i;
    },
  },
  element: {
    arity: [2, 2],
    fn: ([l, i], at) => {
      const xs = list(l!, at, 'element');
      if (xs.length === 0) throw new EvalError('element: cannot use element() on an empty list', at);
      const n = toNum(i!, at);
      return xs[((n % xs.length) + xs.length) % xs.length]!;
    },
  },
  slice: { arity: [3, 3], fn: ([l, a, b], at) => list(l!, at, 'slice').slice(toNum(a!, at), toNum(b!, at)) },
  chunklist: {
    arity: [2, 2],
    fn: ([l, n], at) => {
      const xs = list(l!, at, 'chunklist');
      const size = toNum(n!, at);
      if (size <= 0) return [xs];
      const out: Value[] = [];
      for (let k = 0; k < xs.length; k += size) out.push(xs.slice(k, k + size));
      return out;
    },
  },
  range: {
    arity: [1, 3],
    fn: (args, at) => {
      const n = args.map((a) => toNum(a, at));
      const [start, end, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[1]! >= n[0]! ? 1 : -1)];
      if (step === 0) throw new EvalError('range: step must not be zero', at);
      const out: number[] = [];
      for (let v = start; step > 0 ? v < end : v > end; v += step) {
        out.push(v);
        if (out.length > 1024) throw new EvalError('range: more than 1024 elements', at);
      }
      return out;
    },
  },
  keys: { arity: [1, 1], fn: ([v], at) => Object.keys(obj(v!, at, 'keys')).sort() },
  values: { arity: [1, 1], fn: ([v], at) => { const o = obj(v!, at, 'values'); return Object.keys(o).sort().map((k) => o[k]!); } },
  lookup: {
    arity: [2, 3],
    acceptsUnknown: true,
    fn: ([m, k, d], at) => {
      if (m instanceof Unknown) return m;
      if (k instanceof Unknown) return k;
      const o = obj(m!, at, 'lookup');
      const key = toStr(k!, at);
      if (Object.hasOwn(o, key)) return o[key]!;
      if (d === undefined) throw new EvalError(`lookup: the map has no key ${JSON.stringify(key)} and no default was given`, at);
      return d;
    },
  },
  merge: {
    arity: [0, Infinity],
    fn: (args, at) => {
      const out = newObject();
      for (const a of args) if (a !== null) Object.assign(out, obj(a, at, 'merge'));
      return out;
    },
  },
  zipmap: {
    arity: [2, 2],
    fn: ([k, v], at) => {
      const ks = list(k!, at, 'zipmap');
      const vs = list(v!, at, 'zipmap');
      const out = newObject();
      ks.forEach((key, i) => (out[toStr(key, at)] = vs[i] ?? null));
      return out;
    },
  },
  coalesce: {
    arity: [1, Infinity],
    acceptsUnknown: true,
    fn: (args, at) => {
      for (const a of args) {
        if (a instanceof Unknown) return a;
        if (a !== null && a !== '') return a;
      }
      throw new EvalError('coalesce: no non-null, non-empty argument', at);
    },
  },
  coalescelist: { arity: [1, Infinity], fn: (args, at) => args.find((a) => list(a, at, 'coalescelist').length > 0) ?? [] },
  one: {
    arity: [1, 1],
    fn: ([v], at) => {
      const xs = list(v!, at, 'one');
      if (xs.length > 1) throw new EvalError(`one: the list has ${xs.length} elements; expected zero or one`, at);
      return xs[0] ?? null;
    },
  },
  alltrue: { arity: [1, 1], fn: ([v], at) => list(v!, at, 'alltrue').every((x) => toBool(x, at)) },
  anytrue: { arity: [1, 1], fn: ([v], at) => list(v!, at, 'anytrue').some((x) => toBool(x, at)) },
  sum: { arity: [1, 1], fn: ([v], at) => list(v!, at, 'sum').reduce<number>((a, x) => a + toNum(x, at), 0) },
  setunion: { arity: [1, Infinity], fn: (args, at) => distinct(args.flatMap((a) => list(a, at, 'setunion'))) },
  setintersection: {
    arity: [1, Infinity],
    fn: (args, at) => {
      const [first, ...rest] = args.map((a) => list(a, at, 'setintersection'));
      return distinct(first!.filter((x) => rest.every((r) => r.some((y) => deepEqual(x, y)))));
    },
  },
  setsubtract: { arity: [2, 2], fn: ([a, b], at) => distinct(list(a!, at, 'setsubtract').filter((x) => !list(b!, at, 'setsubtract').some((y) => deepEqual(x, y)))) },
  setproduct: {
    arity: [1, Infinity],
    fn: (args, at) => {
      const lists = args.map((a) => list(a, at, 'setproduct'));
      const count = lists.reduce((n, xs) => n * xs.length, 1);
      if (count * (lists.length + 1) > MAX_VALUE_ELEMENTS) throw tooLarge(`setproduct of ${count} combinations`, MAX_VALUE_ELEMENTS, at);
      return lists.reduce<Value[][]>((acc, xs) => acc.flatMap((p) => xs.map((x) => [...p, x])), [[]]);
    },
  },
  transpose: {
    arity: [1, 1],
    fn: ([v], at) => {
      const out = newObject();
      for (const [k, xs] of Object.entries(obj(v!, at, 'transpose'))) for (const x of list(xs, at, 'transpose')) ((out[toStr(x, at)] ??= []) as Value[]).push(k);
      return out;
    },
  },
  matchkeys: {
    arity: [3, 3],
    fn: ([vs, ks, search], at) => {
      const keys = list(ks!, at, 'matchkeys');
      const wanted = list(search!, at, 'matchkeys');
      return list(vs!, at, 'matchkeys').filter((_x, i) => wanted.some((w) => deepEqual(w, keys[i] ?? null)));
    },
  },
};
