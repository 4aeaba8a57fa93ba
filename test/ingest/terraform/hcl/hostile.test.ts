import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SYNTAX_ERRORS, parseHcl } from '../../../../src/ingest/terraform/hcl/parser.js';

const MB = 1024 * 1024;
/** Parses `text` in under 10 s (linear work; the old scanner was quadratic on these) and lists its errors. */
function parse(text: string): string[] {
  const started = Date.now();
  const r = parseHcl('main.tf', text);
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  return r.errors.map((e) => { const p = r.file.position(e.offset); return `${p.line}:${p.column} ${e.message}`; });
}
const fill = (unit: string, bytes: number): string => unit.repeat(Math.ceil(bytes / unit.length));

describe('HCL parser: hostile input is bounded', () => {
  it('100,000 nested template directives stop at the nesting limit, not the stack', () => {
    const errors = parse(`locals {\n  x = "${'%{ if true }'.repeat(100_000)}a${'%{ endif }'.repeat(100_000)}"\n}\n`);
    assert.deepEqual(errors, ['2:2389 nesting is deeper than 200 levels; sglint stops here rather than overflow']);
  });

  it('5 MB of nested quoted strings parses in one pass', () => {
    const unit = `locals {\n  x = "${'${"'.repeat(150)}a${'"}'.repeat(150)}"\n}\n`;
    assert.deepEqual(parse(fill(unit, 5 * MB)).slice(0, 1), []);
  });

  const broken: [string, string, string][] = [
    ['interpolations left open across lines', 'locals {\n  x = "${"a"\n}\n', "3:2 unterminated string: expected a closing '\"' before the end of the line"],
    ['unterminated heredocs', 'locals {\n  x = <<EOT\n', '2:7 unterminated heredoc: expected a line with only EOT'],
    ['unterminated comments', 'locals {\n  x = 1 /*\n', '2:9 unterminated comment: expected "*/"'],
    ['quoted strings opening an interpolation', 'locals {\n  x = "${\n', '3:8 expected \'}\' to close the template sequence, found "{"'],
  ];
  for (const [what, unit, first] of broken) {
    it(`5 MB of ${what}: ${MAX_SYNTAX_ERRORS} errors, then parsing stops`, () => {
      const errors = parse(fill(unit, 5 * MB));
      assert.equal(errors.length, MAX_SYNTAX_ERRORS + 1);
      assert.equal(errors[0], first);
      assert.match(errors[MAX_SYNTAX_ERRORS]!, new RegExp(`too many syntax errors \\(limit ${MAX_SYNTAX_ERRORS}\\): the rest of the file is not parsed$`));
    });
  }

  it(`${MAX_SYNTAX_ERRORS} syntax errors are all reported`, () => {
    const errors = parse('locals {\n  x = (\n}\n'.repeat(MAX_SYNTAX_ERRORS - 1));
    assert.equal(errors.length, MAX_SYNTAX_ERRORS - 1);
    assert.ok(errors.every((e) => !e.includes('too many')));
  });
});
