import { EvalError, toNum, toStr, typeName, type Value } from '../values.js';
import type { FunctionTable } from './types.js';
import type { Span } from '../../hcl/ast.js';
import { checkLength } from '../budget.js';
import { compilePattern, findAll, matchValue, replaceAll } from './re2.js';

const s = (v: Value, at: Span): string => toStr(v, at, 'argument');
const list = (v: Value, at: Span): Value[] => {
  if (!Array.isArray(v)) throw new EvalError(`expected a list argument, found ${typeName(v)}`, at);
  return v;
};

/** Go-style `format` verbs that real Terraform uses: %s %d %v %q %f %x %%. */
export function format(fmt: string, args: Value[], at: Span): string {
  let i = 0;
  return fmt.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdvqfxXtbeg%])/g, (_m, flags: string, width: string, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw new EvalError(`format: not enough arguments for the format string ${JSON.stringify(fmt)}`, at);
    const a = args[i++]!;
    let out: string;
    switch (verb) {
      case 'd': out = String(Math.trunc(toNum(a, at, 'format argument'))); break;
      case 'f': out = toNum(a, at, 'format argument').toFixed(Math.min(100, prec ? Number(prec) : 6)); break;
      case 'x': out = Math.trunc(toNum(a, at)).toString(16); break;
      case 'X': out = Math.trunc(toNum(a, at)).toString(16).toUpperCase(); break;
      case 'q': out = JSON.stringify(toStr(a, at)); break;
      case 'v':
      case 's':
      default: out = typeof a === 'object' && a !== null ? JSON.stringify(a) : toStr(a, at, 'format argument');
    }
    if (!width) return out;
    checkLength(Number(width), at, 'a format width');
    if (flags.includes('-')) return out.padEnd(Number(width));
    return flags.includes('0') && /^[dfxX]$/.test(verb) ? out.padStart(Number(width), '0') : out.padStart(Number(width));
  });
}

export const stringFunctions: FunctionTable = {
  format: { arity: [1, Infinity], fn: ([f, ...rest], at) => format(s(f!, at), rest, at) },
  formatlist: {
    arity: [1, Infinity],
    fn: ([f, ...rest], at) => {
      const n = Math.max(0, ...rest.filter(Array.isArray).map((l) => (l as Value[]).length));
      return Array.from({ length: n }, (_x, k) => format(s(f!, at), rest.map((r) => (Array.isArray(r) ? r[k] ?? null : r)), at));
    },
  },
  join: {
    arity: [2, Infinity],
    fn: ([sep, ...lists], at) => {
      const items = lists.flatMap((l) => list(l, at)).map((v) => s(v, at));
      const separator = s(sep!, at);
      checkLength(items.reduce((n, x) => n + x.length, 0) + separator.length * Math.max(0, items.length - 1), at, 'the joined string');
      return items.join(separator);
    },
  },
  split: { arity: [2, 2], fn: ([sep, str], at) => (s(str!, at) === '' ? [] : s(str!, at).split(s(sep!, at))) },
  lower: { arity: [1, 1], fn: ([v], at) => s(v!, at).toLowerCase() },
  upper: { arity: [1, 1], fn: ([v], at) => s(v!, at).toUpperCase() },
  title: { arity: [1, 1], fn: ([v], at) => s(v!, at).replace(/\b\w/g, (c) => c.toUpperCase()) },
  trimspace: { arity: [1, 1], fn: ([v], at) => s(v!, at).trim() },
  chomp: { arity: [1, 1], fn: ([v], at) => s(v!, at).replace(/(\r?\n)+$/, '') },
  trim: { arity: [2, 2], fn: ([v, cut], at) => { const c = [...s(cut!, at)]; let r = s(v!, at); while (r && c.includes(r[0]!)) r = r.slice(1); while (r && c.includes(r[r.length - 1]!)) r = r.slice(0, -1); return r; } },
  trimprefix: { arity: [2, 2], fn: ([v, p], at) => { const r = s(v!, at); const q = s(p!, at); return r.startsWith(q) ? r.slice(q.length) : r; } },
  trimsuffix: { arity: [2, 2], fn: ([v, p], at) => { const r = s(v!, at); const q = s(p!, at); return q && r.endsWith(q) ? r.slice(0, -q.length) : r; } },
  startswith: { arity: [2, 2], fn: ([v, p], at) => s(v!, at).startsWith(s(p!, at)) },
  endswith: { arity: [2, 2], fn: ([v, p], at) => s(v!, at).endsWith(s(p!, at)) },
  strcontains: { arity: [2, 2], fn: ([v, p], at) => s(v!, at).includes(s(p!, at)) },
  strrev: { arity: [1, 1], fn: ([v], at) => [...s(v!, at)].reverse().join('') },
  substr: {
    arity: [3, 3],
    fn: ([v, o, l], at) => {
      const chars = [...s(v!, at)];
      let off = toNum(o!, at);
      if (off < 0) off += chars.length;
      const len = toNum(l!, at);
      return chars.slice(off, len < 0 ? undefined : off + len).join('');
    },
  },
  indent: {
    arity: [2, 2],
    fn: ([n, v], at) => {
      const text = s(v!, at);
      const spaces = Math.max(0, Math.trunc(toNum(n!, at)));
      const lines = text.split('\n').length;
      checkLength(text.length + (lines - 1) * spaces, at, 'the indented string');
      return text.replace(/\n/g, '\n' + ' '.repeat(spaces));
    },
  },
  replace: {
    arity: [3, 3],
    fn: ([v, search, rep], at) => {
      const text = s(v!, at);
      const q = s(search!, at);
      const m = /^\/(.*)\/$/s.exec(q);
      const r = s(rep!, at);
      if (m) return replaceAll(compilePattern('replace', m[1]!, at), text, r, (n) => checkLength(n, at, 'the replaced string'));
      // Go's strings.Replace with an empty search inserts the replacement around every character.
      const pieces = q === '' ? ['', ...text, ''] : text.split(q);
      checkLength(text.length + (pieces.length - 1) * r.length, at, 'the replaced string');
      return pieces.join(r);
    },
  },
  regex: {
    arity: [2, 2],
    fn: ([p, v], at) => {
      const pattern = compilePattern('regex', s(p!, at), at);
      const text = s(v!, at);
      const [m] = findAll(pattern, text, 1);
      if (!m) throw new EvalError('regex: pattern did not match any part of the given string', at);
      return matchValue(pattern, text, m);
    },
  },
  regexall: {
    arity: [2, 2],
    fn: ([p, v], at) => {
      const pattern = compilePattern('regexall', s(p!, at), at);
      const text = s(v!, at);
      return findAll(pattern, text).map((m) => matchValue(pattern, text, m));
    },
  },
};
