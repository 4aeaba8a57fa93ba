import { TextDecoder } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { Unknown } from '../../../../model/unknown.js';
import type { Span } from '../../hcl/ast.js';
import { BudgetError } from '../budget.js';
import { EvalError, isObj, newObject, toStr, type Value } from '../values.js';
import type { FunctionTable } from './types.js';

/** A decoded YAML/JSON document as Terraform values (maps get string keys). */
function fromData(v: unknown): Value {
  if (Array.isArray(v)) return v.map(fromData);
  if (v instanceof Map) {
    const out = newObject();
    for (const [k, x] of v) out[String(k)] = fromData(x);
    return out;
  }
  if (v && typeof v === 'object') {
    const out = newObject();
    for (const [k, x] of Object.entries(v)) out[k] = fromData(x);
    return out;
  }
  if (typeof v === 'bigint') return Number(v);
  return (v ?? null) as Value;
}

/** Go's encoding/csv as csvdecode uses it: quoted fields, "" inside quotes, blank lines skipped. */
export function parseCsv(text: string, at: Span): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = (): void => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') {
        quoted = false;
        i++;
        if (i < text.length && !/[,\r\n]/.test(text[i]!)) throw new EvalError(`csvdecode: extraneous or missing " in a quoted field (line ${rows.length + 1})`, at);
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === '"') throw new EvalError(`csvdecode: bare " in a non-quoted field (line ${rows.length + 1})`, at);
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { i++; continue; }
    if (c === '\n') { endRow(); i++; continue; }
    field += c;
    i++;
  }
  if (quoted) throw new EvalError('csvdecode: a quoted field is not closed', at);
  if (field !== '' || row.length) endRow();
  return rows;
}

/** Buffer encodings for the IANA names textencodebase64 is most often given. */
const NODE_ENCODINGS: Record<string, BufferEncoding> = { 'utf-8': 'utf8', utf8: 'utf8', 'utf-16le': 'utf16le', 'iso-8859-1': 'latin1', latin1: 'latin1', 'us-ascii': 'ascii', ascii: 'ascii' };

function encodeText(text: string, encoding: string, at: Span): Value {
  const name = encoding.toLowerCase();
  if (name === 'utf-16be' || name === 'utf-16') {
    const b = Buffer.from(text, 'utf16le');
    return Buffer.from(b.swap16()).toString('base64');
  }
  const node = NODE_ENCODINGS[name];
  if (!node) return new Unknown(`textencodebase64 to ${JSON.stringify(encoding)} is not computed by sglint`);
  const limit = node === 'latin1' ? 0xff : node === 'ascii' ? 0x7f : Infinity;
  if ([...text].some((ch) => ch.codePointAt(0)! > limit)) throw new EvalError(`textencodebase64: the string has characters that ${encoding} cannot represent`, at);
  return Buffer.from(text, node).toString('base64');
}

function decodeText(b64: string, encoding: string, at: Span): Value {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new EvalError('textdecodebase64: the argument is not valid base64', at);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new EvalError(`textdecodebase64: ${JSON.stringify(encoding)} is not a known character encoding`, at);
  }
  try {
    return decoder.decode(Buffer.from(b64, 'base64'));
  } catch {
    throw new EvalError(`textdecodebase64: the bytes are not valid ${encoding}`, at);
  }
}

export const textFunctions: FunctionTable = {
  yamldecode: {
    arity: [1, 1],
    fn: ([v], at) => {
      try {
        return fromData(parseYaml(toStr(v!, at), { merge: true, uniqueKeys: true, mapAsMap: false }));
      } catch (err) {
        throw new EvalError(`yamldecode: the argument is not valid YAML (${err instanceof Error ? err.message.split('\n')[0] : 'error'})`, at);
      }
    },
  },
  csvdecode: {
    arity: [1, 1],
    fn: ([v], at) => {
      const [header, ...rows] = parseCsv(toStr(v!, at), at);
      if (!header) throw new EvalError('csvdecode: missing header line', at);
      return rows.map((r, n) => {
        if (r.length !== header.length) throw new EvalError(`csvdecode: line ${n + 2} has ${r.length} fields; the header has ${header.length}`, at);
        const o = newObject();
        header.forEach((h, k) => (o[h] = r[k]!));
        return o;
      });
    },
  },
  templatestring: {
    arity: [2, 2],
    fn: ([t, vars], at, ctx) => {
      if (!isObj(vars!)) throw new EvalError('templatestring: the second argument must be a map of variables', at);
      try {
        return ctx.renderTemplate(toStr(t!, at), vars, at, 'templatestring');
      } catch (err) {
        if (!(err instanceof EvalError) || err instanceof BudgetError) throw err;
        // The template is a string of this configuration, not a file: report the mistake at the call.
        throw new EvalError(`templatestring: ${err.message.replace(/ \(in the template rendered by .*\)$/, '')}`, at);
      }
    },
  },
  textencodebase64: { arity: [2, 2], fn: ([v, e], at) => encodeText(toStr(v!, at), toStr(e!, at), at) },
  textdecodebase64: { arity: [2, 2], fn: ([v, e], at) => decodeText(toStr(v!, at), toStr(e!, at), at) },
};
