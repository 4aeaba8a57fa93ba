import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempTree } from '../helpers/tf.js';

const BIN = path.resolve('dist/src/cli/main.js');
interface Report {
  findings: { ruleId: string; message: string }[];
  diagnostics: { severity: string; message: string; file?: string; line?: number; column?: number }[];
}

const TF = `resource "aws_security_group" "app" {
  name        = "app"
  description = "TODO: describe"
  vpc_id      = "vpc-12345678"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

const GOOD = `import { defineRule } from 'sglint';

export default defineRule({
  id: 'acme/no-todo-description',
  severity: 'low',
  title: 'Group description says TODO',
  description: 'A placeholder description tells reviewers nothing.',
  help: 'Describe what the group is for.',
  check(ctx) {
    for (const group of ctx.groups)
      if (/todo/i.test(group.description ?? '')) ctx.report({ at: group, message: 'Describe what this group is for' });
  },
});
`;

const TYPE_ERROR = `import { defineRule } from 'sglint';

export default defineRule({
  id: 'acme/typo',
  severity: 'low',
  title: 'typo',
  description: 'x',
  help: 'x',
  check(ctx) {
    for (const group of ctx.groups) ctx.report({ at: group, mesage: group.nmae });
  },
});
`;

const THROWS = `import { defineRule } from 'sglint';

export default defineRule({
  id: 'acme/throws',
  severity: 'low',
  title: 'throws',
  description: 'x',
  help: 'x',
  check(ctx) {
    if (ctx.groups.length > 0) {
      throw new Error('rule bug');
    }
  },
});
`;

const JS = `import { defineRule } from 'sglint';
export default defineRule({
  id: 'acme/js-rule', severity: 'medium', title: 'plain JS rule', description: 'x', help: 'x',
  check(ctx) { for (const e of ctx.groups) ctx.report({ at: e, message: 'seen by a JavaScript rule: ' + e.address }); },
});
`;

function run(files: Record<string, string>, cache: string): { code: number | null; report: Report; err: string; dir: string } {
  const dir = tempTree({ 'main.tf': TF, '.sglint.yml': 'customRules: [.sglint/rules]\n', ...files });
  const r = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', SGLINT_CACHE_DIR: cache } });
  return { code: r.status, report: JSON.parse(r.stdout) as Report, err: r.stderr, dir };
}

describe('custom rules', () => {
  const cache = fs.mkdtempSync('/tmp/sglint-rule-cache-');

  it('a TypeScript rule importing from "sglint" runs with no build step, and is cached by content', () => {
    const first = run({ '.sglint/rules/no-todo-description.ts': GOOD }, cache);
    assert.deepEqual(first.report.diagnostics, [], first.err);
    assert.ok(first.report.findings.some((f) => f.ruleId === 'acme/no-todo-description' && f.message === 'Describe what this group is for'));
    assert.ok(first.report.findings.some((f) => f.ruleId === 'ssh-open-to-internet'), 'built-in rules still run');
    const rules = path.join(cache, 'rules');
    const cached = fs.readdirSync(rules).filter((f) => f.endsWith('.mjs'));
    assert.equal(cached.length, 1);
    const stamp = fs.statSync(path.join(rules, cached[0]!)).mtimeMs;
    const second = run({ '.sglint/rules/no-todo-description.ts': GOOD }, cache);
    assert.ok(second.report.findings.some((f) => f.ruleId === 'acme/no-todo-description'));
    assert.equal(fs.statSync(path.join(rules, cached[0]!)).mtimeMs, stamp, 'the compiled rule is reused');
  });

  it('a type error names the rule file:line:column; that rule is skipped, the scan goes on', () => {
    const r = run({ '.sglint/rules/typo.ts': TYPE_ERROR }, cache);
    assert.equal(r.code, 2);
    const errors = r.report.diagnostics.filter((d) => d.severity === 'error');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0]!.file, '.sglint/rules/typo.ts');
    assert.equal(errors[0]!.line, 10);
    assert.match(errors[0]!.message, /custom rule type error: .*(mesage|nmae)/);
    assert.ok(!r.report.findings.some((f) => f.ruleId === 'acme/typo'));
    assert.ok(r.report.findings.some((f) => f.ruleId === 'ssh-open-to-internet'));
  });

  it('a rule that throws is reported at its source line and does not take down the others', () => {
    const r = run({ '.sglint/rules/throws.ts': THROWS, '.sglint/rules/good.ts': GOOD }, cache);
    assert.equal(r.code, 2);
    const d = r.report.diagnostics.find((x) => /acme\/throws failed: rule bug/.test(x.message));
    assert.ok(d, JSON.stringify(r.report.diagnostics));
    assert.equal(d.file, '.sglint/rules/throws.ts');
    assert.equal(d.line, 11);
    assert.ok(r.report.findings.some((f) => f.ruleId === 'acme/no-todo-description'));
    assert.ok(r.report.findings.some((f) => f.ruleId === 'ssh-open-to-internet'));
  });

  it('JavaScript rules load too, and the config can turn a custom rule off', () => {
    const r = run({ '.sglint/rules/js-rule.mjs': JS }, cache);
    assert.ok(r.report.findings.some((f) => f.ruleId === 'acme/js-rule'), JSON.stringify(r.report.diagnostics));
    const off = run({ '.sglint/rules/js-rule.mjs': JS, '.sglint.yml': 'customRules: [.sglint/rules]\nrules:\n  acme/js-rule: off\n' }, cache);
    assert.ok(!off.report.findings.some((f) => f.ruleId === 'acme/js-rule'));
  });

  it('a missing folder and a file without a rule are errors, not crashes', () => {
    const r = run({ '.sglint.yml': 'failOn: high\ncustomRules:\n  - .sglint\n  - nowhere\n', '.sglint/keep.txt': '' }, cache);
    assert.equal(r.code, 2);
    const d = r.report.diagnostics[0]!;
    assert.match(d.message, /customRules: nowhere is not a folder/);
    // At the folder's own line in .sglint.yml (it had no location).
    assert.deepEqual([d.file, d.line, d.column], ['.sglint.yml', 4, 5]);
    const empty = run({ '.sglint/rules/empty.mjs': 'export const x = 1;\n' }, cache);
    assert.ok(empty.report.diagnostics.some((d) => /default export must be a rule/.test(d.message)));
  });
});
