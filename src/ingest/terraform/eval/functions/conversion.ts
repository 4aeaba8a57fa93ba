import { Unknown } from '../../../../model/unknown.js';
import { EvalError, LazyObject, isObj, toBool, toNum, toStr, typeName } from '../values.js';
import { distinct } from './collections.js';
import type { FunctionTable } from './types.js';

export const conversionFunctions: FunctionTable = {
  tostring: { arity: [1, 1], fn: ([v], at) => (v === null ? null : toStr(v!, at)) },
  tonumber: { arity: [1, 1], fn: ([v], at) => (v === null ? null : toNum(v!, at)) },
  tobool: { arity: [1, 1], fn: ([v], at) => (v === null ? null : toBool(v!, at)) },
  tolist: {
    arity: [1, 1],
    fn: ([v], at) => {
      if (Array.isArray(v)) return v;
      throw new EvalError(`tolist: cannot convert ${typeName(v!)} to a list`, at);
    },
  },
  toset: {
    arity: [1, 1],
    fn: ([v], at) => {
      if (Array.isArray(v)) return distinct(v);
      throw new EvalError(`toset: cannot convert ${typeName(v!)} to a set`, at);
    },
  },
  tomap: {
    arity: [1, 1],
    fn: ([v], at) => {
      if (v instanceof LazyObject) return v.toObject(at);
      if (isObj(v!)) return v;
      throw new EvalError(`tomap: cannot convert ${typeName(v!)} to a map`, at);
    },
  },
  sensitive: { arity: [1, 1], acceptsUnknown: true, fn: ([v]) => v! },
  nonsensitive: { arity: [1, 1], acceptsUnknown: true, fn: ([v]) => v! },
  // sglint does not track which values are sensitive or ephemeral.
  issensitive: { arity: [1, 1], acceptsUnknown: true, fn: () => new Unknown('issensitive(): sglint does not track sensitive values') },
  ephemeralasnull: { arity: [1, 1], acceptsUnknown: true, fn: ([v]) => v! },
};

