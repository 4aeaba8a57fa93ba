import type { Attribute, Block, Body } from './ast.js';
import { C, describeChar, isIdentStart } from './chars.js';
import { ExprParser } from './expressions.js';
import { HclSyntaxError, SourceFile } from './source.js';

/** Top-level keywords a recovering parser resynchronises on after a syntax error. */
const RESYNC = /^(resource|data|module|variable|locals|output|provider|terraform|moved|import|check|removed)\b/;

/** Syntax errors reported per file before parsing stops: each one costs a resynchronisation. */
export const MAX_SYNTAX_ERRORS = 100;

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
      if (errors.length >= MAX_SYNTAX_ERRORS) {
        errors.push(new HclSyntaxError(`too many syntax errors (limit ${MAX_SYNTAX_ERRORS}): the rest of the file is not parsed`, p.pos));
        break;
      }
      if (!p.resync()) break;
      p.resetDepth();
    }
  }
  for (const r of p.redefined) errors.push(new HclSyntaxError(redefinedMessage(r.name, file.position(r.first)), r.at));
  errors.sort((a, b) => a.offset - b.offset);
  return { file, body, errors };
}

/** Terraform's wording, naming where the argument was first set. */
function redefinedMessage(name: string, first: { line: number; column: number }): string {
  return `attribute redefined: the argument ${JSON.stringify(name)} was already set at line ${first.line}, column ${first.column}; each argument may be set only once`;
}

/** Bodies: attributes and blocks, with recovery at top-level blocks after a syntax error. */
class Parser extends ExprParser {
  /** Arguments set twice in one body (Terraform's "Attribute redefined"): errors that do not stop the parse. */
  readonly redefined: { name: string; at: number; first: number }[] = [];
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

  parseBodyItems(body: Body, inBlock: boolean): void {
    const t = this.text;
    // Names already set in this body (a Map: attribute names are user text, `__proto__` included).
    const seen = new Map<string, number>();
    for (const a of body.attributes) seen.set(a.name, a.s);
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
        const first = seen.get(name);
        // Like Terraform, the first stays and the second is an error at its name.
        if (first === undefined) {
          seen.set(name, start);
          body.attributes.push({ name, expr, s: start, e: expr.e } satisfies Attribute);
        } else this.redefined.push({ name, at: start, first });
      } else {
        body.blocks.push(this.parseBlock(name, start));
      }
      this.endOfItem(inBlock);
    }
  }

  protected endOfItem(inBlock: boolean): void {
    this.ws(false);
    const c = this.peek();
    if (c === C.lf || this.pos >= this.text.length || (inBlock && c === C.rbrace)) return;
    this.fail(`expected a newline after the attribute or block, found ${describeChar(this.text, this.pos)}`);
  }

  protected parseBlock(type: string, start: number): Block {
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
}
