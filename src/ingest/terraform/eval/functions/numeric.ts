import { EvalError, toNum, toStr } from '../values.js';
import type { FunctionTable } from './types.js';

export const numericFunctions: FunctionTable = {
  abs: { arity: [1, 1], fn: ([v], at) => Math.abs(toNum(v!, at)) },
  ceil: { arity: [1, 1], fn: ([v], at) => Math.ceil(toNum(v!, at)) },
  floor: { arity: [1, 1], fn: ([v], at) => Math.floor(toNum(v!, at)) },
  signum: { arity: [1, 1], fn: ([v], at) => Math.sign(toNum(v!, at)) },
  log: { arity: [2, 2], fn: ([v, b], at) => Math.log(toNum(v!, at)) / Math.log(toNum(b!, at)) },
  pow: { arity: [2, 2], fn: ([v, e], at) => toNum(v!, at) ** toNum(e!, at) },
  max: { arity: [1, Infinity], fn: (args, at) => Math.max(...args.map((a) => toNum(a, at))) },
  min: { arity: [1, Infinity], fn: (args, at) => Math.min(...args.map((a) => toNum(a, at))) },
  parseint: {
    arity: [2, 2],
    fn: ([v, b], at) => {
      const base = toNum(b!, at);
      const text = toStr(v!, at);
      const n = parseInt(text, base);
      if (Number.isNaN(n) || !new RegExp(`^[-+]?[0-9a-z]+$`, 'i').test(text)) throw new EvalError(`parseint: cannot parse ${JSON.stringify(text)} as a base ${base} integer`, at);
      return n;
    },
  },
};
