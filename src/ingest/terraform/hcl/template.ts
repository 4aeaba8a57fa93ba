import type { Expr, TplPart } from './ast.js';
import { C, describeChar, isIdentPart, isIdentStart } from './chars.js';
import { HclSyntaxError } from './source.js';

/** What the template parser needs from the expression parser (kept as an interface to avoid a cycle). */
export interface ExprHost {
  readonly text: string;
  pos: number;
  parseInterpolation(): Expr;
  skipSpaces(): void;
  /** Runs `f` one nesting level deeper, failing past the parser's depth limit. */
  nested<T>(f: () => T): T;
}

type Stop = 'else' | 'endif' | 'endfor';

/**
 * Parses template parts from `host.pos` until `end` (the heredoc content end), or for quoted
 * templates until the closing quote, left at `host.pos` (nested strings inside interpolations
 * are consumed by the expression parser, so one pass suffices). Quoted templates process
 * backslash escapes; heredocs do not.
 * `indent` > 0 strips that much leading whitespace from each line (`<<-` heredocs).
 */
export function parseTemplateParts(host: ExprHost, end: number, quoted: boolean, indent: number, stops: Stop[] = []): { parts: TplPart[]; stop: Stop | null } {
  const text = host.text;
  const parts: TplPart[] = [];
  let buf = '';
  let bufStart = host.pos;
  let stripNext = false;
  let atLineStart = !quoted;
  const flush = (stripTrailing: boolean): void => {
    let v = buf;
    if (stripTrailing) v = v.replace(/[ \t\r\n]+$/, '');
    if (v.length > 0) parts.push({ t: 'str', v, s: bufStart, e: host.pos });
    buf = '';
  };
  while (host.pos < end) {
    if (atLineStart && indent > 0) {
      let k = 0;
      while (k < indent && (text.charCodeAt(host.pos) === C.space || text.charCodeAt(host.pos) === C.tab)) {
        host.pos++;
        k++;
      }
      atLineStart = false;
      if (host.pos >= end) break;
    }
    const c = text.charCodeAt(host.pos);
    if (stripNext && (c === C.space || c === C.tab || c === C.lf || c === C.cr)) {
      host.pos++;
      continue;
    }
    stripNext = false;
    if ((c === C.dollar || c === C.percent) && text.charCodeAt(host.pos + 1) === C.lbrace) {
      const stripPrev = text.charCodeAt(host.pos + 2) === C.tilde;
      flush(stripPrev);
      const start = host.pos;
      host.pos += stripPrev ? 3 : 2;
      if (c === C.dollar) {
        const x = host.parseInterpolation();
        stripNext = closeDirective(host);
        parts.push({ t: 'interp', x, s: start, e: host.pos });
      } else {
        const d = parseDirective(host, end, quoted, indent, start, stops);
        if (d.stop) return { parts, stop: d.stop };
        parts.push(d.part!);
        stripNext = d.stripNext;
      }
      bufStart = host.pos;
      continue;
    }
    if ((c === C.dollar || c === C.percent) && text.charCodeAt(host.pos + 1) === c && text.charCodeAt(host.pos + 2) === C.lbrace) {
      // `$${` and `%%{` are literal `${` and `%{`.
      buf += text[host.pos] + '{';
      host.pos += 3;
      continue;
    }
    if (quoted) {
      if (c === C.quote) break;
      if (c === C.lf) throw new HclSyntaxError('unterminated string: expected a closing \'"\' before the end of the line', host.pos);
      if (c === C.backslash) {
        buf += readEscape(host);
        continue;
      }
    } else if (c === C.lf) {
      atLineStart = true;
    }
    buf += text[host.pos];
    host.pos++;
  }
  flush(false);
  if (stops.length > 0) throw new HclSyntaxError(`expected a template %{${stops.join('} or %{')}} directive, found end of template`, host.pos);
  return { parts, stop: null };
}

function closeDirective(host: ExprHost): boolean {
  host.skipSpaces();
  const text = host.text;
  let strip = false;
  if (text.charCodeAt(host.pos) === C.tilde) {
    strip = true;
    host.pos++;
  }
  if (text.charCodeAt(host.pos) !== C.rbrace) throw new HclSyntaxError(`expected '}' to close the template sequence, found ${describeChar(text, host.pos)}`, host.pos);
  host.pos++;
  return strip;
}

function readWord(host: ExprHost): string {
  host.skipSpaces();
  const start = host.pos;
  if (!isIdentStart(host.text.charCodeAt(host.pos))) return '';
  while (isIdentPart(host.text.charCodeAt(host.pos))) host.pos++;
  return host.text.slice(start, host.pos);
}

function parseDirective(
  host: ExprHost, end: number, quoted: boolean, indent: number, start: number, stops: Stop[],
): { part?: TplPart; stop?: Stop; stripNext: boolean } {
  const wordStart = host.pos;
  const word = readWord(host);
  if ((word === 'else' || word === 'endif' || word === 'endfor') && stops.includes(word)) {
    return { stop: word, stripNext: closeDirective(host) };
  }
  if (word === 'if') {
    const cond = host.parseInterpolation();
    closeDirective(host);
    const thenPart = host.nested(() => parseTemplateParts(host, end, quoted, indent, ['else', 'endif']));
    let elsePart: TplPart[] | null = null;
    if (thenPart.stop === 'else') elsePart = host.nested(() => parseTemplateParts(host, end, quoted, indent, ['endif']).parts);
    return { part: { t: 'if', cond, then: thenPart.parts, else: elsePart, s: start, e: host.pos }, stripNext: false };
  }
  if (word === 'for') {
    const first = readWord(host);
    host.skipSpaces();
    let keyVar: string | null = null;
    let valVar = first;
    if (host.text.charCodeAt(host.pos) === C.comma) {
      host.pos++;
      keyVar = first;
      valVar = readWord(host);
    }
    if (!valVar || readWord(host) !== 'in') throw new HclSyntaxError('expected "%{for NAME in EXPR}"', wordStart);
    const coll = host.parseInterpolation();
    closeDirective(host);
    const body = host.nested(() => parseTemplateParts(host, end, quoted, indent, ['endfor']));
    return { part: { t: 'tfor', keyVar, valVar, coll, body: body.parts, s: start, e: host.pos }, stripNext: false };
  }
  throw new HclSyntaxError(`expected a template directive (if, else, endif, for, endfor), found ${word ? JSON.stringify(word) : describeChar(host.text, host.pos)}`, wordStart);
}

function readEscape(host: ExprHost): string {
  const text = host.text;
  const next = text[host.pos + 1];
  host.pos += 2;
  switch (next) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '"': return '"';
    case '\\': return '\\';
    case 'u':
    case 'U': {
      const len = next === 'u' ? 4 : 8;
      const hex = text.slice(host.pos, host.pos + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new HclSyntaxError(`invalid \\${next} escape: expected ${len} hexadecimal digits`, host.pos - 2);
      host.pos += len;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new HclSyntaxError('invalid unicode escape: code point out of range', host.pos - len - 2);
      return String.fromCodePoint(cp);
    }
    default:
      throw new HclSyntaxError(`invalid escape sequence "\\${next ?? ''}": expected \\n, \\t, \\r, \\", \\\\, \\uNNNN or \\UNNNNNNNN`, host.pos - 2);
  }
}
