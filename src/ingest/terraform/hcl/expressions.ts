import type { BinaryOp, Expr, ObjectItem } from './ast.js';
import { C, describeChar, isDigit, isIdentPart, isIdentStart } from './chars.js';
import { LiteralParser } from './literals.js';

const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

/** HCL expressions: operators, traversals and splats, calls, collections, for expressions. */
export class ExprParser extends LiteralParser {

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

  protected binaryOp(): BinaryOp | null {
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

  protected parseBinary(minPrec: number): Expr {
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

  protected parseUnary(): Expr {
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

  protected parsePostfix(base: Expr): Expr {
    let x = base;
    for (;;) {
      const next = this.traversalStep(x, true);
      if (!next) return x;
      x = next;
    }
  }

  /** One `.name`, `.0`, `[key]`, `[*]` or `.*` step; splats absorb the steps that follow them. */
  protected traversalStep(x: Expr, allowSplat: boolean, attrOnly = false): Expr | null {
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

  protected restore(pos: number): null {
    this.pos = pos;
    return null;
  }

  protected splat(obj: Expr, full: boolean): Expr {
    let each: Expr = { t: 'splatItem', s: this.pos, e: this.pos };
    for (;;) {
      const next = this.traversalStep(each, false, !full);
      if (!next) break;
      each = next;
    }
    return { t: 'splat', obj, each, full, s: obj.s, e: Math.max(this.pos, each.e) };
  }

  protected parsePrimary(): Expr {
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

  protected parseCall(name: string, start: number, nameEnd: number): Expr {
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

  protected atForKeyword(): boolean {
    this.ws(true);
    const t = this.text;
    if (!t.startsWith('for', this.pos) || isIdentPart(t.charCodeAt(this.pos + 3))) return false;
    let k = this.pos + 3;
    while (t.charCodeAt(k) === C.space || t.charCodeAt(k) === C.tab) k++;
    return isIdentStart(t.charCodeAt(k));
  }

  protected parseTuple(): Expr {
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

  protected parseObject(): Expr {
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

  protected parseFor(start: number, isObject: boolean): Expr {
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
