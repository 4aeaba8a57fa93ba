import type { Attribute, BinaryOp, Block, Body, Expr, ObjectItem } from './ast.js';
import { C, describeChar, isDigit, isIdentPart, isIdentStart } from './chars.js';
import { HclSyntaxError, SourceFile } from './source.js';
import { parseTemplateParts, type ExprHost } from './template.js';

const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

/** Top-level keywords a recovering parser resynchronises on after a syntax error. */
const MAX_DEPTH = 200;

const RESYNC = /^(resource|data|module|variable|locals|output|provider|terraform|moved|import|check|removed)\b/;

export interface ParseResult {
  file: SourceFile;
  body: Body;
  errors: HclSyntaxError[];
}

/**
 * Parses HCL native syntax. On a syntax error inside a top-level block the block is dropped,
 * the error recorded, and parsing resumes at the next top-level block, so one typo does not
 * hide the rest of the file.
 */
export function parseHcl(path: string, text: string): ParseResult {
  const p = new Parser(text);
  const file = new SourceFile(path, text);
  const body: Body = { attributes: [], blocks: [], s: 0, e: text.length };
  const errors: HclSyntaxError[] = [];
  if (text.charCodeAt(0) === 0xfeff) p.pos = 1;
  for (;;) {
    try {
      p.parseBodyItems(body, false);
      break;
    } catch (err) {
      if (!(err instanceof HclSyntaxError)) throw err;
      errors.push(err);
      if (!p.resync()) break;
      p.resetDepth();
    }
  }
  return { file, body, errors };
}

class Parser implements ExprHost {
  pos = 0;
  /** True inside (), [] and interpolations, where newlines are insignificant. */
  private ignoreNewlines = false;
  /** Nesting depth of expressions and blocks: bounded so hostile input cannot overflow the stack. */
  private depth = 0;

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting is deeper than ${MAX_DEPTH} levels; sglint stops here rather than overflow`);
  }

  constructor(readonly text: string) {}

  resetDepth(): void {
    this.depth = 0;
  }

  fail(message: string, at = this.pos): never {
    throw new HclSyntaxError(message, at);
  }

  /** Moves to the start of the next line that begins a top-level block; false at end of file. */
  resync(): boolean {
    const text = this.text;
    let i = text.indexOf('\n', this.pos);
    while (i !== -1) {
      if (RESYNC.test(text.slice(i + 1, i + 12))) {
        this.pos = i + 1;
        this.ignoreNewlines = false;
        return true;
      }
      i = text.indexOf('\n', i + 1);
    }
    return false;
  }

  /** Skips spaces, tabs, CR and comments; newlines too when `nl` or inside brackets. */
  private ws(nl = this.ignoreNewlines): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === C.space || c === C.tab || c === C.cr) this.pos++;
      else if (c === C.lf && nl) this.pos++;
      else if (c === C.hash || (c === C.slash && t.charCodeAt(this.pos + 1) === C.slash)) {
        const nlAt = t.indexOf('\n', this.pos);
        this.pos = nlAt === -1 ? t.length : nlAt;
      } else if (c === C.slash && t.charCodeAt(this.pos + 1) === C.star) {
        const endAt = t.indexOf('*/', this.pos + 2);
        if (endAt === -1) this.fail('unterminated comment: expected "*/"');
        this.pos = endAt + 2;
      } else return;
    }
  }

  skipSpaces(): void {
    this.ws(true);
  }

  private peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  private expect(code: number, what: string): void {
    this.ws();
    if (this.peek() !== code) this.fail(`expected ${what}, found ${describeChar(this.text, this.pos)}`);
    this.pos++;
  }

  private ident(): string {
    const start = this.pos;
    if (!isIdentStart(this.peek())) return '';
    this.pos++;
    while (isIdentPart(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  // ---------------------------------------------------------------- bodies

  parseBodyItems(body: Body, inBlock: boolean): void {
    const t = this.text;
    for (;;) {
      this.ws(true);
      const c = this.peek();
      if (this.pos >= t.length) {
        if (inBlock) this.fail("expected '}' to close the block, found end of file");
        body.e = this.pos;
        return;
      }
      if (c === C.rbrace) {
        if (!inBlock) this.fail("unexpected '}': no block is open here");
        body.e = this.pos;
        return;
      }
      const start = this.pos;
      const name = this.ident();
      if (!name) this.fail(`expected an attribute name or a block type, found ${describeChar(t, this.pos)}`);
      this.ws(false);
      if (this.peek() === C.eq && t.charCodeAt(this.pos + 1) !== C.eq) {
        this.pos++;
        const expr = this.parseExpr();
        const attr: Attribute = { name, expr, s: start, e: expr.e };
        body.attributes.push(attr);
      } else {
        body.blocks.push(this.parseBlock(name, start));
      }
      this.endOfItem(inBlock);
    }
  }

  private endOfItem(inBlock: boolean): void {
    this.ws(false);
    const c = this.peek();
    if (c === C.lf || this.pos >= this.text.length || (inBlock && c === C.rbrace)) return;
    this.fail(`expected a newline after the attribute or block, found ${describeChar(this.text, this.pos)}`);
  }

  private parseBlock(type: string, start: number): Block {
    const labels: string[] = [];
    for (;;) {
      this.ws(false);
      const c = this.peek();
      if (c === C.quote) {
        const labelStart = this.pos;
        const tpl = this.parseQuoted();
        if (tpl.t !== 'lit' || typeof tpl.v !== 'string') this.fail('block labels must be plain strings without interpolation', labelStart);
        labels.push(tpl.v);
      } else if (isIdentStart(c)) {
        labels.push(this.ident());
      } else if (c === C.lbrace) {
        break;
      } else {
        this.fail(`expected '=' for an attribute, or a label or '{' for a block after ${JSON.stringify(type)}, found ${describeChar(this.text, this.pos)}`);
      }
    }
    this.pos++;
    const saved = this.ignoreNewlines;
    this.ignoreNewlines = false;
    const body: Body = { attributes: [], blocks: [], s: this.pos, e: this.pos };
    this.enter();
    this.parseBodyItems(body, true);
    this.depth--;
    this.pos++; // the closing brace
    this.ignoreNewlines = saved;
    return { type, labels, body, s: start, e: this.pos };
  }

  // ---------------------------------------------------------------- expressions

  parseExpr(): Expr {
    this.enter();
    this.ws();
    const start = this.pos;
    const cond = this.parseBinary(1);
    this.ws();
    if (this.peek() !== C.question) {
      this.depth--;
      return cond;
    }
    this.pos++;
    const thenX = this.parseExpr();
    this.expect(C.colon, "':' in the conditional expression");
    const elseX = this.parseExpr();
    this.depth--;
    return { t: 'cond', cond, then: thenX, else: elseX, s: start, e: elseX.e };
  }

  parseInterpolation(): Expr {
    const saved = this.ignoreNewlines;
    this.ignoreNewlines = true;
    const x = this.parseExpr();
    this.ignoreNewlines = saved;
    return x;
  }

  private binaryOp(): BinaryOp | null {
    const t = this.text;
    const c = this.peek();
    const n = t.charCodeAt(this.pos + 1);
    switch (c) {
      case C.pipe: return n === C.pipe ? '||' : null;
      case C.amp: return n === C.amp ? '&&' : null;
      case C.eq: return n === C.eq ? '==' : null;
      case C.bang: return n === C.eq ? '!=' : null;
      case C.lt: return n === C.eq ? '<=' : '<';
      case C.gt: return n === C.eq ? '>=' : '>';
      case C.plus: return '+';
      case C.minus: return '-';
      case C.star: return '*';
      case C.slash: return '/';
      case C.percent: return '%';
      default: return null;
    }
  }

  private parseBinary(minPrec: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      this.ws();
      const op = this.binaryOp();
      if (!op || PRECEDENCE[op] < minPrec) return left;
      this.pos += op.length;
      const right = this.parseBinary(PRECEDENCE[op] + 1);
      left = { t: 'bin', op, l: left, r: right, s: left.s, e: right.e };
    }
  }

  private parseUnary(): Expr {
    this.ws();
    const c = this.peek();
    if (c === C.minus || (c === C.bang && this.text.charCodeAt(this.pos + 1) !== C.eq)) {
      const start = this.pos;
      this.pos++;
      this.enter();
      const x = this.parseUnary();
      this.depth--;
      // Constant-fold `-1` and `!true` as HCL's own converter does.
      if (c === C.minus && x.t === 'lit' && typeof x.v === 'number') return { t: 'lit', v: -x.v, s: start, e: x.e };
      if (c === C.bang && x.t === 'lit' && typeof x.v === 'boolean') return { t: 'lit', v: !x.v, s: start, e: x.e };
      return { t: 'un', op: c === C.minus ? '-' : '!', x, s: start, e: x.e };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(base: Expr): Expr {
    let x = base;
    for (;;) {
      const next = this.traversalStep(x, true);
      if (!next) return x;
      x = next;
    }
  }

  /** One `.name`, `.0`, `[key]`, `[*]` or `.*` step; splats absorb the steps that follow them. */
  private traversalStep(x: Expr, allowSplat: boolean, attrOnly = false): Expr | null {
    const t = this.text;
    const save = this.pos;
    this.ws();
    const c = this.peek();
    if (c === C.dot) {
      if (t.charCodeAt(this.pos + 1) === C.dot) return this.restore(save); // `...` expansion, not a traversal
      this.pos++;
      this.ws();
      const d = this.peek();
      if (d === C.star) {
        if (!allowSplat) return this.restore(save);
        this.pos++;
        return this.splat(x, false);
      }
      if (isDigit(d)) {
        const start = this.pos;
        while (isDigit(t.charCodeAt(this.pos))) this.pos++;
        const key: Expr = { t: 'lit', v: Number(t.slice(start, this.pos)), s: start, e: this.pos };
        return { t: 'index', obj: x, key, legacy: true, s: x.s, e: this.pos };
      }
      const name = this.ident();
      if (!name) this.fail(`expected an attribute name after '.', found ${describeChar(t, this.pos)}`);
      return { t: 'attr', obj: x, name, s: x.s, e: this.pos };
    }
    if (c === C.lbracket && !attrOnly) {
      this.pos++;
      this.ws(true);
      if (this.peek() === C.star) {
        const starAt = this.pos;
        this.pos++;
        this.ws(true);
        if (this.peek() === C.rbracket) {
          if (!allowSplat) return this.restore(save);
          this.pos++;
          return this.splat(x, true);
        }
        this.fail("expected ']' after '[*'", starAt);
      }
      const saved = this.ignoreNewlines;
      this.ignoreNewlines = true;
      const key = this.parseExpr();
      this.expect(C.rbracket, "']' to close the index");
      this.ignoreNewlines = saved;
      return { t: 'index', obj: x, key, legacy: false, s: x.s, e: this.pos };
    }
    return this.restore(save);
  }

  private restore(pos: number): null {
    this.pos = pos;
    return null;
  }

  private splat(obj: Expr, full: boolean): Expr {
    let each: Expr = { t: 'splatItem', s: this.pos, e: this.pos };
    for (;;) {
      const next = this.traversalStep(each, false, !full);
      if (!next) break;
      each = next;
    }
    return { t: 'splat', obj, each, full, s: obj.s, e: Math.max(this.pos, each.e) };
  }

  private parsePrimary(): Expr {
    this.ws();
    const t = this.text;
    const start = this.pos;
    const c = this.peek();
    if (isDigit(c)) return this.parseNumber();
    if (c === C.quote) return this.parseQuoted();
    if (c === C.lt && t.charCodeAt(this.pos + 1) === C.lt) return this.parseHeredoc();
    if (c === C.lparen) {
      this.pos++;
      const saved = this.ignoreNewlines;
      this.ignoreNewlines = true;
      const x = this.parseExpr();
      this.expect(C.rparen, "')' to close the parenthesis");
      this.ignoreNewlines = saved;
      return { t: 'paren', x, s: start, e: this.pos };
    }
    if (c === C.lbracket) return this.parseTuple();
    if (c === C.lbrace) return this.parseObject();
    if (isIdentStart(c)) {
      let name = this.ident();
      while (t.charCodeAt(this.pos) === C.colon && t.charCodeAt(this.pos + 1) === C.colon && isIdentStart(t.charCodeAt(this.pos + 2))) {
        this.pos += 2;
        name += '::' + this.ident(); // provider-defined functions: provider::aws::arn_parse
      }
      if (name === 'true' || name === 'false') return { t: 'lit', v: name === 'true', s: start, e: this.pos };
      if (name === 'null') return { t: 'lit', v: null, s: start, e: this.pos };
      const afterName = this.pos;
      this.ws();
      if (this.peek() === C.lparen) return this.parseCall(name, start, afterName);
      this.pos = afterName;
      return { t: 'var', name, s: start, e: this.pos };
    }
    this.fail(`expected an expression, found ${describeChar(t, this.pos)}`);
  }

  private parseNumber(): Expr {
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

  private parseQuoted(): Expr {
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
    const end = this.findQuoteEnd(start);
    const { parts } = parseTemplateParts(this, end, true, 0);
    this.pos = end + 1;
    return this.simplifyTemplate({ t: 'tpl', parts, heredoc: false, s: start, e: this.pos });
  }

  /** Finds the closing quote of a template, skipping over nested interpolations and their strings. */
  private findQuoteEnd(start: number): number {
    const t = this.text;
    let k = start + 1;
    let depth = 0;
    const stack: number[] = [];
    for (;;) {
      const c = t.charCodeAt(k);
      if (Number.isNaN(c)) this.fail('unterminated string: expected a closing \'"\'', start);
      if (c === C.backslash && depth === 0) k += 2;
      else if (c === C.lf && depth === 0) this.fail('unterminated string: expected a closing \'"\' before the end of the line', k);
      else if ((c === C.dollar || c === C.percent) && t.charCodeAt(k + 1) === C.lbrace && depth === 0) {
        depth = 1;
        k += 2;
      } else if ((c === C.dollar || c === C.percent) && t.charCodeAt(k + 1) === c && t.charCodeAt(k + 2) === C.lbrace && depth === 0) k += 3;
      else if (depth > 0 && c === C.quote) {
        stack.push(depth);
        depth = 0;
        k++;
      } else if (depth > 0 && c === C.lbrace) {
        depth++;
        k++;
      } else if (depth > 0 && c === C.rbrace) {
        depth--;
        k++;
      } else if (c === C.quote && depth === 0) {
        if (stack.length === 0) return k;
        depth = stack.pop()!;
        k++;
      } else k++;
    }
  }

  private simplifyTemplate(x: Expr & { t: 'tpl' }): Expr {
    if (x.parts.length === 0) return { t: 'lit', v: '', s: x.s, e: x.e };
    if (x.parts.every((p) => p.t === 'str')) return { t: 'lit', v: x.parts.map((p) => (p as { v: string }).v).join(''), s: x.s, e: x.e };
    return x;
  }

  private parseHeredoc(): Expr {
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
    if (contentEnd === -1) this.fail(`unterminated heredoc: expected a line with only ${marker}`, start);
    const afterMarker = this.pos;
    this.pos = contentStart;
    const { parts } = parseTemplateParts(this, contentEnd, false, strip && minIndent !== Infinity ? minIndent : 0);
    this.pos = afterMarker;
    return this.simplifyTemplate({ t: 'tpl', parts, heredoc: true, s: start, e: this.pos });
  }

  private parseCall(name: string, start: number, nameEnd: number): Expr {
    this.pos++;
    const saved = this.ignoreNewlines;
    this.ignoreNewlines = true;
    const args: Expr[] = [];
    let expand = false;
    for (;;) {
      this.ws();
      if (this.peek() === C.rparen) break;
      args.push(this.parseExpr());
      this.ws();
      if (this.text.startsWith('...', this.pos)) {
        this.pos += 3;
        expand = true;
        this.ws();
        if (this.peek() !== C.rparen) this.fail("expected ')' after the expanded final argument '...'");
        break;
      }
      if (this.peek() === C.comma) this.pos++;
      else if (this.peek() !== C.rparen) this.fail(`expected ',' or ')' in the arguments of ${name}(), found ${describeChar(this.text, this.pos)}`);
    }
    this.pos++;
    this.ignoreNewlines = saved;
    return { t: 'call', name, args, expand, nameSpan: { s: start, e: nameEnd }, s: start, e: this.pos };
  }

  private atForKeyword(): boolean {
    this.ws(true);
    const t = this.text;
    if (!t.startsWith('for', this.pos) || isIdentPart(t.charCodeAt(this.pos + 3))) return false;
    let k = this.pos + 3;
    while (t.charCodeAt(k) === C.space || t.charCodeAt(k) === C.tab) k++;
    return isIdentStart(t.charCodeAt(k));
  }

  private parseTuple(): Expr {
    const start = this.pos;
    this.pos++;
    const saved = this.ignoreNewlines;
    this.ignoreNewlines = true;
    if (this.atForKeyword()) {
      const x = this.parseFor(start, false);
      this.ignoreNewlines = saved;
      return x;
    }
    const items: Expr[] = [];
    for (;;) {
      this.ws();
      if (this.peek() === C.rbracket) break;
      items.push(this.parseExpr());
      this.ws();
      if (this.peek() === C.comma) this.pos++;
      else if (this.peek() !== C.rbracket) this.fail(`expected ',' or ']' in the list, found ${describeChar(this.text, this.pos)}`);
    }
    this.pos++;
    this.ignoreNewlines = saved;
    return { t: 'tuple', items, s: start, e: this.pos };
  }

  private parseObject(): Expr {
    const start = this.pos;
    this.pos++;
    const saved = this.ignoreNewlines;
    if (this.atForKeyword()) {
      this.ignoreNewlines = true;
      const x = this.parseFor(start, true);
      this.ignoreNewlines = saved;
      return x;
    }
    this.ignoreNewlines = false;
    const items: ObjectItem[] = [];
    const t = this.text;
    for (;;) {
      this.ws(true);
      if (this.peek() === C.rbrace) break;
      let key: Expr;
      let keyIsIdent = false;
      const keyStart = this.pos;
      const name = this.ident();
      this.ws(false);
      if (name && (this.peek() === C.eq || this.peek() === C.colon) && t.charCodeAt(this.pos + 1) !== C.eq) {
        key = { t: 'var', name, s: keyStart, e: keyStart + name.length };
        keyIsIdent = true;
      } else {
        this.pos = keyStart;
        key = this.parseExpr();
      }
      this.ws(false);
      const sep = this.peek();
      if ((sep !== C.eq && sep !== C.colon) || t.charCodeAt(this.pos + 1) === C.eq) this.fail(`expected '=' or ':' after the object key, found ${describeChar(t, this.pos)}`);
      this.pos++;
      const value = this.parseExpr();
      items.push({ key, keyIsIdent, value });
      this.ws(false);
      const c = this.peek();
      if (c === C.comma || c === C.lf) this.pos++;
      else if (c !== C.rbrace) this.fail(`expected ',', a newline or '}' after the object item, found ${describeChar(t, this.pos)}`);
    }
    this.pos++;
    this.ignoreNewlines = saved;
    return { t: 'object', items, s: start, e: this.pos };
  }

  private parseFor(start: number, isObject: boolean): Expr {
    this.pos += 3;
    this.ws();
    const first = this.ident();
    this.ws();
    let keyVar: string | null = null;
    let valVar = first;
    if (this.peek() === C.comma) {
      this.pos++;
      this.ws();
      keyVar = first;
      valVar = this.ident();
      this.ws();
    }
    if (!valVar || !this.text.startsWith('in', this.pos) || isIdentPart(this.text.charCodeAt(this.pos + 2))) this.fail(`expected "in" in the for expression, found ${describeChar(this.text, this.pos)}`);
    this.pos += 2;
    const coll = this.parseExpr();
    this.expect(C.colon, "':' after the for expression's collection");
    let keyExpr: Expr | null = null;
    let valExpr = this.parseExpr();
    this.ws();
    if (isObject) {
      if (!this.text.startsWith('=>', this.pos)) this.fail(`expected '=>' in the object for expression, found ${describeChar(this.text, this.pos)}`);
      this.pos += 2;
      keyExpr = valExpr;
      valExpr = this.parseExpr();
      this.ws();
    }
    let group = false;
    if (isObject && this.text.startsWith('...', this.pos)) {
      group = true;
      this.pos += 3;
      this.ws();
    }
    let cond: Expr | null = null;
    if (this.text.startsWith('if', this.pos) && !isIdentPart(this.text.charCodeAt(this.pos + 2))) {
      this.pos += 2;
      cond = this.parseExpr();
      this.ws();
    }
    this.expect(isObject ? C.rbrace : C.rbracket, isObject ? "'}' to close the for expression" : "']' to close the for expression");
    return { t: 'for', keyVar, valVar, coll, keyExpr, valExpr, cond, group, isObject, s: start, e: this.pos };
  }
}
