import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Unknown } from '../../../../../src/model/unknown.js';
import { locals } from '../../../../helpers/evaluate.js';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const one = (expr: string): unknown => plain(locals({ 'main.tf': `locals {\n  x = ${expr}\n}\n` }).get('x'));
/** The single error an expression gives, as "line:column message". */
function failure(expr: string): string {
  const l = locals({ 'main.tf': `locals {\n  x = ${expr}\n}\n` });
  assert.ok(l.get('x') instanceof Unknown);
  const errors = l.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  return `${errors[0]!.file}:${errors[0]!.line}:${errors[0]!.column} ${errors[0]!.message}`;
}

describe('regex functions: RE2 semantics like Terraform (Go regexp)', () => {
  const cases: [string, unknown][] = [
    ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
    ['regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ['2019', '02', '01']],
    ['regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")', { scheme: 'https', authority: 'terraform.io' }],
    ['regex("(?<port>\\\\d+)", "tcp/22")', { port: '22' }],
    ['regex("(a)(x)?", "za")', ['a', null]],
    ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
    ['regexall("a*", "baaac")', ['', 'aaa', '']],
    ['regexall("(\\\\d+)-(\\\\d+)", "22-22 80-81")', [['22', '22'], ['80', '81']]],
    ['length(regexall("z", "abc"))', 0],
    ['regex("(?i)SSH", "allow ssh")', 'ssh'],
    ['replace("hello world", "/w.*d/", "everybody")', 'hello everybody'],
    ['replace("sg-123 sg-456", "/sg-(\\\\d+)/", "$1x")', ' '],
    ['replace("sg-123 sg-456", "/sg-(\\\\d+)/", "$${1}x")', '123x 456x'],
    ['replace("sg-123", "/sg-(?P<n>\\\\d+)/", "id=$n $$")', 'id=123 $'],
    ['replace("baaac", "/a*/", "-")', '-b-c-'],
    ['replace("abc", "", "-")', '-a-b-c-'],
  ];
  for (const [expr, want] of cases) it(expr, () => assert.deepEqual(one(expr), want));

  it('a pattern that backtracks exponentially elsewhere runs in linear time', () => {
    const input = 'a'.repeat(100_000) + '!';
    const started = Date.now();
    const l = locals({ 'main.tf': `locals {\n  x = regexall("(a+)+$", "${input}")\n  y = replace("${input}", "/(a|aa)+$/", "")\n}\n` });
    assert.deepEqual(plain(l.get('x')), []);
    assert.equal(l.get('y'), input);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });

  const rejected: [string, string][] = [
    ['regex("(?<=a)b", "ab")', 'main.tf:2:7 regex: invalid regexp pattern: invalid named capture in (?<=a)b'],
    ['regex("a(?=b)", "ab")', 'main.tf:2:7 regex: invalid regexp pattern: invalid or unsupported Perl syntax in (?='],
    ['regexall("(a)\\\\1", "aa")', 'main.tf:2:7 regexall: invalid regexp pattern: invalid escape sequence in \\1'],
    ['replace("ab", "/a(?!b)/", "")', 'main.tf:2:7 replace: invalid regexp pattern: invalid or unsupported Perl syntax in (?!'],
    ['regex("(?P<a>x)(y)", "xy")', 'main.tf:2:7 regex: invalid regexp pattern: cannot mix both named and unnamed capture groups'],
    ['regex("z", "abc")', 'main.tf:2:7 regex: pattern did not match any part of the given string'],
  ];
  for (const [expr, want] of rejected) it(`${expr} is an error Terraform also gives`, () => assert.equal(failure(expr), want));
});
