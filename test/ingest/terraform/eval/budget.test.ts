import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Budget, MAX_EVALUATION_DEPTH, MAX_EVALUATION_STEPS, MAX_INSTANCES, MAX_STRING_LENGTH, MAX_VALUE_ELEMENTS, checkLength,
} from '../../../../src/ingest/terraform/eval/budget.js';
import { Unknown } from '../../../../src/model/unknown.js';
import { locals } from '../../../helpers/evaluate.js';

const at = { s: 0, e: 0 };
/** Evaluates `names` of the locals in `body` in order; returns each value (or unknown) and the errors. */
function run(body: string, names: string[]): { values: unknown[]; errors: string[] } {
  const l = locals({ 'main.tf': `locals {\n${body}}\n` });
  const values = names.map((n) => l.get(n)).map((v) => (v instanceof Unknown ? '?' : v));
  return { values, errors: l.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`) };
}
/** `x = <expr>`: its single error, "line:column message". */
function failure(expr: string): string {
  const r = run(`  x = ${expr}\n`, ['x']);
  assert.deepEqual(r.values, ['?']);
  assert.equal(r.errors.length, 1, JSON.stringify(r.errors));
  return r.errors[0]!;
}
function timed<T>(f: () => T): T {
  const started = Date.now();
  const out = f();
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  return out;
}

describe('evaluation budget: each limit holds at its value and stops just past it', () => {
  it(`${MAX_EVALUATION_STEPS} steps per scan`, () => {
    const b = new Budget();
    b.charge(MAX_EVALUATION_STEPS, at);
    assert.throws(() => b.charge(1, at), { message: `too large to evaluate: the scan needs more iterations and created elements than allowed (limit ${MAX_EVALUATION_STEPS})` });
  });

  it(`${MAX_EVALUATION_DEPTH} levels of nesting`, () => {
    const b = new Budget();
    for (let i = 0; i < MAX_EVALUATION_DEPTH; i++) b.enter(at);
    assert.throws(() => b.enter(at), { message: `too large to evaluate: expressions and references nested too deeply (limit ${MAX_EVALUATION_DEPTH})` });
    b.leave();
    b.enter(at);
  });

  it(`strings of ${MAX_STRING_LENGTH} characters`, () => {
    checkLength(MAX_STRING_LENGTH, at);
    assert.throws(() => checkLength(MAX_STRING_LENGTH + 1, at), { message: `too large to evaluate: a string of ${MAX_STRING_LENGTH + 1} characters (limit ${MAX_STRING_LENGTH})` });
    const r = timed(() => run(`  ok = length(format("%${MAX_STRING_LENGTH}s", ""))\n  big = format("%${MAX_STRING_LENGTH + 1}s", "")\n`, ['ok', 'big']));
    assert.deepEqual(r.values, [MAX_STRING_LENGTH, '?']);
    assert.deepEqual(r.errors, [`3:9 too large to evaluate: a format width of ${MAX_STRING_LENGTH + 1} characters (limit ${MAX_STRING_LENGTH})`]);
  });

  it(`values of ${MAX_VALUE_ELEMENTS} elements, shared parts counted each time`, () => {
    // A list of 999 references to a 1000-element list holds 1 + 999 * 1001 = 1,000,000 elements.
    const r = timed(() => run('  r = range(1000)\n  ok = length([for a in range(999) : local.r])\n  big = [for a in range(1000) : local.r]\n', ['ok', 'big']));
    assert.deepEqual(r.values, [999, '?']);
    assert.deepEqual(r.errors, [`4:9 too large to evaluate: a value of 1001001 elements (limit ${MAX_VALUE_ELEMENTS})`]);
  });

  it(`${MAX_INSTANCES} instances of a count or for_each`, () => {
    const files = (n: number): Record<string, string> => ({
      'main.tf': `resource "null_resource" "c" {\n  count = ${n}\n}\nresource "null_resource" "f" {\n  for_each = toset(flatten([for a in range(${Math.ceil(n / 1000)}) : [for b in range(1000) : "\${a * 1000 + b}" if a * 1000 + b < ${n}]]))\n}\nlocals {\n  c = length(null_resource.c)\n  f = length(null_resource.f)\n}\n`,
    });
    const ok = timed(() => locals(files(MAX_INSTANCES)));
    assert.deepEqual([ok.get('c'), ok.get('f')], [MAX_INSTANCES, MAX_INSTANCES]);
    assert.deepEqual(ok.diagnostics, []);
    const over = timed(() => locals(files(MAX_INSTANCES + 1)));
    assert.deepEqual([over.get('c'), over.get('f')], [0, 0]);
    assert.deepEqual(over.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`), [
      `2:11 too large to evaluate: count of ${MAX_INSTANCES + 1} instances (limit ${MAX_INSTANCES})`,
      `5:14 too large to evaluate: for_each of ${MAX_INSTANCES + 1} instances (limit ${MAX_INSTANCES})`,
    ]);
  });
});

describe('evaluation budget: hostile expressions stop at the expression, in bounded time', () => {
  const cases: [string, string][] = [
    ['format("%999999999d", 1)', `2:7 too large to evaluate: a format width of 999999999 characters (limit ${MAX_STRING_LENGTH})`],
    ['indent(1e9, "a\\nb")', `2:7 too large to evaluate: the indented string of 1000000003 characters (limit ${MAX_STRING_LENGTH})`],
    [`replace("ab", "", format("%${MAX_STRING_LENGTH / 2}s", ""))`, `2:7 too large to evaluate: the replaced string of ${MAX_STRING_LENGTH * 1.5 + 2} characters (limit ${MAX_STRING_LENGTH})`],
    [`replace("abc", "/a|b|c/", format("%${MAX_STRING_LENGTH / 2}s", ""))`, `2:7 too large to evaluate: the replaced string of ${MAX_STRING_LENGTH * 1.5} characters (limit ${MAX_STRING_LENGTH})`],
    [`join(format("%${MAX_STRING_LENGTH / 2}s", ""), ["a", "b", "c"])`, `2:7 too large to evaluate: the joined string of ${MAX_STRING_LENGTH + 3} characters (limit ${MAX_STRING_LENGTH})`],
    ['setproduct(range(1000), range(1000))', `2:7 too large to evaluate: setproduct of 1000000 combinations (limit ${MAX_VALUE_ELEMENTS})`],
    ['[for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]', `2:31 too large to evaluate: a value of 1001001 elements (limit ${MAX_VALUE_ELEMENTS})`],
    ['try(format("%999999999d", 1), "try() does not hide a budget")', `2:11 too large to evaluate: a format width of 999999999 characters (limit ${MAX_STRING_LENGTH})`],
    ['cidrsubnets("10.0.0.0/16", 1000)', '2:7 cidrsubnets: invalid value for "newbits" parameter: may not extend prefix by more than 32 bits'],
    ['cidrsubnets("10.0.0.0/16", 0)', '2:7 cidrsubnets: invalid value for "newbits" parameter: must extend prefix by at least one bit'],
    ['cidrsubnets("10.0.0.0/16", 17)', '2:7 cidrsubnets: invalid value for "newbits" parameter: would extend prefix to 33 bits, which is too long for an IPv4 address'],
    ['cidrsubnet("10.0.0.0/16", 1.5, 1)', '2:7 cidrsubnet: value must be a whole number, between -9223372036854775808 and 9223372036854775807'],
    ['cidrhost("10.0.0.0/16", pow(10, 400))', '2:7 cidrhost: value must be a whole number, between -9223372036854775808 and 9223372036854775807'],
  ];
  for (const [expr, want] of cases) it(expr, () => assert.equal(timed(() => failure(expr)), want));

  it('a list doubled 40 times with concat stops when it passes the element limit', () => {
    const body = '  l0 = [1]\n' + Array.from({ length: 40 }, (_x, i) => `  l${i + 1} = concat(local.l${i}, local.l${i})\n`).join('');
    const r = timed(() => run(body, ['l19', 'l20', 'l40']));
    assert.equal((r.values[0] as unknown[]).length, 2 ** 19);
    assert.deepEqual(r.values.slice(1), ['?', '?']);
    assert.deepEqual(r.errors, [`22:9 too large to evaluate: a value of ${2 ** 20 + 1} elements (limit ${MAX_VALUE_ELEMENTS})`]);
  });

  it('the per-scan step budget stops repeated large work', () => {
    const body = '  r = range(1000)\n  big = flatten([for a in range(999) : local.r])\n' + [1, 2, 3, 4, 5].map((i) => `  c${i} = length(concat(local.big))\n`).join('');
    // range, the for and flatten take about a million steps, each concat another million.
    const r = timed(() => run(body, ['c1', 'c2', 'c3', 'c4', 'c5']));
    assert.deepEqual(r.values, [999_000, 999_000, 999_000, '?', '?']);
    assert.deepEqual(r.errors, [
      `7:15 too large to evaluate: the scan needs more iterations and created elements than allowed (limit ${MAX_EVALUATION_STEPS})`,
      `8:15 too large to evaluate: the scan needs more iterations and created elements than allowed (limit ${MAX_EVALUATION_STEPS})`,
    ]);
  });

  it('a chain of references deeper than the nesting limit is an error at the reference, not a crash', () => {
    const body = '  l0 = 0\n' + Array.from({ length: 2000 }, (_x, i) => `  l${i + 1} = local.l${i} + 1\n`).join('');
    const r = timed(() => run(body, ['l400', 'l2000']));
    assert.deepEqual(r.values, [400, '?']);
    assert.ok(r.errors.length > 0 && r.errors.every((e) => e.endsWith(`too large to evaluate: expressions and references nested too deeply (limit ${MAX_EVALUATION_DEPTH})`)), r.errors.join('\n'));
  });

  it('a 100,000-term sum evaluates without deep recursion', () => {
    const r = timed(() => run(`  x = ${Array(100_000).fill('1').join(' + ')}\n`, ['x']));
    assert.deepEqual(r, { values: [100_000], errors: [] });
  });
});

describe('count: Terraform’s own errors', () => {
  const cases: [string, string][] = [
    ['pow(10, 400)', 'value must be a whole number, between -9223372036854775808 and 9223372036854775807'],
    ['1.5', 'value must be a whole number, between -9223372036854775808 and 9223372036854775807'],
    ['-1', 'must be greater than or equal to zero'],
  ];
  for (const [count, want] of cases) {
    it(`count = ${count}`, () => {
      const l = locals({ 'main.tf': `resource "null_resource" "c" {\n  count = ${count}\n}\nlocals {\n  n = length(null_resource.c)\n}\n` });
      assert.equal(l.get('n'), 0);
      assert.deepEqual(l.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`), [`2:11 invalid count argument: the given "count" argument value is unsuitable: ${want}`]);
    });
  }
});
