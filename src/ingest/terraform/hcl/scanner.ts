import type { Expr } from './ast.js';
import { C, describeChar, isIdentPart, isIdentStart } from './chars.js';
import { HclSyntaxError } from './source.js';

const MAX_DEPTH = 200;

/** Character-level scanning shared by the expression and body parsers: whitespace, comments, names. */
export class Scanner {
  constructor(readonly text: string) {}

  pos = 0;
  /** True inside (), [] and interpolations, where newlines are insignificant. */
  protected ignoreNewlines = false;
  /** Nesting depth of expressions and blocks: bounded so hostile input cannot overflow the stack. */
  protected depth = 0;

  protected enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting is deeper than ${MAX_DEPTH} levels; sglint stops here rather than overflow`);
  }

  /** Runs `f` one nesting level deeper (template directives nest like expressions). */
  nested<T>(f: () => T): T {
    this.enter();
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** Where a search for a comment's closing star-slash failed: none exists past it, so later ones fail at once. */
  private commentEndMissingFrom = Infinity;



  resetDepth(): void {
    this.depth = 0;
  }
  fail(message: string, at = this.pos): never {
    throw new HclSyntaxError(message, at);
  }
  /** Skips spaces, tabs, CR and comments; newlines too when `nl` or inside brackets. */
  protected ws(nl = this.ignoreNewlines): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === C.space || c === C.tab || c === C.cr) this.pos++;
      else if (c === C.lf && nl) this.pos++;
      else if (c === C.hash || (c === C.slash && t.charCodeAt(this.pos + 1) === C.slash)) {
        const nlAt = t.indexOf('\n', this.pos);
        this.pos = nlAt === -1 ? t.length : nlAt;
      } else if (c === C.slash && t.charCodeAt(this.pos + 1) === C.star) {
        // After a syntax error the parser resumes further on; remembering a failed search keeps
        // a file of many unterminated comments linear instead of rescanning to its end each time.
        const endAt = this.pos + 2 >= this.commentEndMissingFrom ? -1 : t.indexOf('*/', this.pos + 2);
        if (endAt === -1) {
          this.commentEndMissingFrom = Math.min(this.commentEndMissingFrom, this.pos + 2);
          this.fail('unterminated comment: expected "*/"');
        }
        this.pos = endAt + 2;
      } else return;
    }
  }

  skipSpaces(): void {
    this.ws(true);
  }

  protected peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  protected expect(code: number, what: string): void {
    this.ws();
    if (this.peek() !== code) this.fail(`expected ${what}, found ${describeChar(this.text, this.pos)}`);
    this.pos++;
  }

  protected ident(): string {
    const start = this.pos;
    if (!isIdentStart(this.peek())) return '';
    this.pos++;
    while (isIdentPart(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

export type { Expr };
