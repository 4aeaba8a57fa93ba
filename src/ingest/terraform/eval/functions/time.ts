import { Unknown } from '../../../../model/unknown.js';
import type { Span } from '../../hcl/ast.js';
import { EvalError, toStr } from '../values.js';
import type { FunctionTable } from './types.js';

/** An RFC 3339 timestamp: the instant (ms since the epoch, UTC) and the offset it was written in (minutes). */
interface Timestamp {
  ms: number;
  offset: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

function parseTimestamp(text: string, at: Span, fn: string): Timestamp {
  const m = RFC3339.exec(text);
  if (!m) throw new EvalError(`${fn}: ${JSON.stringify(text)} is not a valid RFC 3339 timestamp`, at);
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const local = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  const check = new Date(local);
  if (check.getUTCMonth() !== fields[1] - 1 || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    throw new EvalError(`${fn}: ${JSON.stringify(text)} is not a valid RFC 3339 timestamp`, at);
  }
  return { ms: local - offset * 60_000 + (frac ? Math.floor(Number(frac) * 1000) : 0), offset };
}

/** The wall-clock fields of a timestamp in its own offset. */
function fields(t: Timestamp): Date {
  return new Date(t.ms + t.offset * 60_000);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function offsetText(offset: number, colon: boolean): string {
  const a = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}

/** Go's time.RFC3339 layout (no fractional seconds), in the timestamp's own offset. */
function rfc3339(t: Timestamp): string {
  const f = fields(t);
  const date = `${pad(f.getUTCFullYear(), 4)}-${pad(f.getUTCMonth() + 1)}-${pad(f.getUTCDate())}`;
  return `${date}T${pad(f.getUTCHours())}:${pad(f.getUTCMinutes())}:${pad(f.getUTCSeconds())}${t.offset === 0 ? 'Z' : offsetText(t.offset, true)}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** One formatdate verb (a run of one letter), as Terraform's formatdate prints it. */
function verb(tok: string, t: Timestamp, at: Span): string {
  const f = fields(t);
  const n = tok.length;
  const num = (v: number, forms: number[]): string => {
    if (!forms.includes(n)) throw new EvalError(`formatdate: invalid date format verb ${JSON.stringify(tok)}`, at);
    return n === 1 ? String(v) : pad(v, n);
  };
  const hour = f.getUTCHours();
  switch (tok[0]) {
    case 'Y': return n === 2 ? pad(f.getUTCFullYear() % 100) : num(f.getUTCFullYear(), [4]);
    case 'M': return n === 3 ? MONTHS[f.getUTCMonth()]!.slice(0, 3) : n === 4 ? MONTHS[f.getUTCMonth()]! : num(f.getUTCMonth() + 1, [1, 2]);
    case 'D': return num(f.getUTCDate(), [1, 2]);
    case 'E':
      if (n === 3) return DAYS[f.getUTCDay()]!.slice(0, 3);
      if (n === 4) return DAYS[f.getUTCDay()]!;
      break;
    case 'h': return num(hour, [1, 2]);
    case 'H': return num(hour % 12 === 0 ? 12 : hour % 12, [1, 2]);
    case 'A':
    case 'a':
      if (n === 2) return (hour < 12 ? 'AM' : 'PM')[tok[0] === 'A' ? 'toUpperCase' : 'toLowerCase']();
      break;
    case 'm': return num(f.getUTCMinutes(), [1, 2]);
    case 's': return num(f.getUTCSeconds(), [1, 2]);
    case 'Z':
      if (n === 1) return t.offset === 0 ? 'Z' : offsetText(t.offset, true);
      if (n === 3) return t.offset === 0 ? 'UTC' : offsetText(t.offset, false);
      if (n === 4) return offsetText(t.offset, false);
      if (n === 5) return offsetText(t.offset, true);
      break;
  }
  throw new EvalError(`formatdate: invalid date format verb ${JSON.stringify(tok)}`, at);
}

/** `formatdate(spec, timestamp)`: letters are verbs, '…' quotes literal text, '' is one quote. */
export function formatDate(spec: string, t: Timestamp, at: Span): string {
  let out = '';
  let i = 0;
  while (i < spec.length) {
    const c = spec[i]!;
    if (c === "'") {
      if (spec[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      let lit = '';
      for (; j < spec.length; j++) {
        if (spec[j] !== "'") lit += spec[j];
        else if (spec[j + 1] === "'") lit += spec[++j];
        else break;
      }
      if (j >= spec.length) throw new EvalError("formatdate: unterminated literal '", at);
      out += lit;
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (spec[j] === c) j++;
      out += verb(spec.slice(i, j), t, at);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration ("1h30m", "-1.5h", "300ms"), in milliseconds. */
function parseDuration(text: string, at: Span): number {
  const m = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(text);
  if (!m) throw new EvalError(`timeadd: invalid duration ${JSON.stringify(text)}`, at);
  let ns = 0;
  for (const [, n, unit] of m[2]!.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ns += Number(n) * UNIT_NS[unit!]!;
  return (m[1] === '-' ? -ns : ns) / 1e6;
}

export const timeFunctions: FunctionTable = {
  formatdate: { arity: [2, 2], fn: ([spec, ts], at) => formatDate(toStr(spec!, at), parseTimestamp(toStr(ts!, at), at, 'formatdate'), at) },
  timeadd: {
    arity: [2, 2],
    fn: ([ts, d], at) => {
      const t = parseTimestamp(toStr(ts!, at), at, 'timeadd');
      return rfc3339({ ms: t.ms + parseDuration(toStr(d!, at), at), offset: t.offset });
    },
  },
  timecmp: {
    arity: [2, 2],
    fn: ([a, b], at) => Math.sign(parseTimestamp(toStr(a!, at), at, 'timecmp').ms - parseTimestamp(toStr(b!, at), at, 'timecmp').ms),
  },
  timestamp: { arity: [0, 0], fn: () => new Unknown('timestamp() is known only when Terraform applies') },
  plantimestamp: { arity: [0, 0], fn: () => new Unknown('plantimestamp() is the time Terraform plans') },
};
