import type { Expr } from './ast.js';
import { C, describeChar, isDigit, isIdentStart } from './chars.js';
import { Scanner } from './scanner.js';
import { parseTemplateParts, type ExprHost } from './template.js';

/** Numbers, quoted templates and heredocs. */
export abstract class LiteralParser extends Scanner implements ExprHost {
  /** Per heredoc marker, where a search for its closing line failed (none exists past it). */
  private readonly heredocEndMissingFrom = new Map<string, number>();
  abstract parseInterpolation(): Expr;

  protected parseNumber(): Expr {
    const t = this.text;
    const start = this.pos;
    while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    if (t.charCodeAt(this.pos) === C.dot && isDigit(t.charCodeAt(this.pos + 1))) {
      this.pos++;
      while (isDigit(t.charCodeAt(this.pos))) this.pos++;
    }
    const e = t.charCodeAt(this.pos);
    if (e === 101 || e === 69) {
      let k = this.pos + 1;
      const sign = t.charCodeAt(k);
      if (sign === C.plus || sign === C.minus) k++;
      if (isDigit(t.charCodeAt(k))) {
        this.pos = k;
        while (isDigit(t.charCodeAt(this.pos))) this.pos++;
      }
    }
    if (isIdentStart(t.charCodeAt(this.pos))) this.fail(`invalid number: unexpected ${describeChar(t, this.pos)} after digits`);
    return { t: 'lit', v: Number(t.slice(start, this.pos)), s: start, e: this.pos };
  }

  protected parseQuoted(): Expr {
    const start = this.pos;
    this.pos++;
    // Fast path: a plain string without escapes or interpolation.
    const t = this.text;
    let k = this.pos;
    for (;;) {
      const c = t.charCodeAt(k);
      if (c === C.quote) {
        const v = t.slice(this.pos, k);
        this.pos = k + 1;
        return { t: 'lit', v, s: start, e: this.pos };
      }
      if (c === C.backslash || c === C.dollar || c === C.percent || c === C.lf || Number.isNaN(c)) break;
      k++;
    }
    const { parts } = parseTemplateParts(this, t.length, true, 0);
    if (t.charCodeAt(this.pos) !== C.quote) this.fail('unterminated string: expected a closing \'"\'', start);
    this.pos++;
    return this.simplifyTemplate({ t: 'tpl', parts, heredoc: false, s: start, e: this.pos });
  }

  protected simplifyTemplate(x: Expr & { t: 'tpl' }): Expr {
    if (x.parts.length === 0) return { t: 'lit', v: '', s: x.s, e: x.e };
    if (x.parts.every((p) => p.t === 'str')) return { t: 'lit', v: x.parts.map((p) => (p as { v: string }).v).join(''), s: x.s, e: x.e };
    return x;
  }

  protected parseHeredoc(): Expr {
    const t = this.text;
    const start = this.pos;
    this.pos += 2;
    const strip = t.charCodeAt(this.pos) === C.minus;
    if (strip) this.pos++;
    const marker = this.ident();
    if (!marker) this.fail('expected a heredoc marker such as EOT after "<<"');
    while (t.charCodeAt(this.pos) === C.space || t.charCodeAt(this.pos) === C.tab || t.charCodeAt(this.pos) === C.cr) this.pos++;
    if (t.charCodeAt(this.pos) !== C.lf) this.fail(`expected a newline after the heredoc marker ${marker}`);
    const contentStart = this.pos + 1;
    // A search for this marker already failed from here or earlier: fail at once (see ws()).
    if (contentStart >= (this.heredocEndMissingFrom.get(marker) ?? Infinity)) this.fail(`unterminated heredoc: expected a line with only ${marker}`, start);
    let lineStart = contentStart;
    let contentEnd = -1;
    let minIndent = Infinity;
    while (lineStart <= t.length) {
      let lineEnd = t.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = t.length;
      const line = t.slice(lineStart, lineEnd).replace(/\r$/, '');
      if (line.trim() === marker) {
        contentEnd = lineStart;
        this.pos = lineStart + line.length;
        break;
      }
      if (strip && line.trim() !== '') minIndent = Math.min(minIndent, line.length - line.trimStart().length);
      if (lineEnd >= t.length) break;
      lineStart = lineEnd + 1;
    }
    if (contentEnd === -1) {
      this.heredocEndMissingFrom.set(marker, Math.min(this.heredocEndMissingFrom.get(marker) ?? Infinity, contentStart));
      this.fail(`unterminated heredoc: expected a line with only ${marker}`, start);
    }
    const afterMarker = this.pos;
    this.pos = contentStart;
    const { parts } = parseTemplateParts(this, contentEnd, false, strip && minIndent !== Infinity ? minIndent : 0);
    this.pos = afterMarker;
    return this.simplifyTemplate({ t: 'tpl', parts, heredoc: true, s: start, e: this.pos });
  }
}
