import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { runRules } from '../../src/checks/run.js';
import { ingestTerraform } from '../../src/ingest/terraform/index.js';
import { testRuleFixtures } from '../helpers/rule-tester.js';

describe('rule catalog', () => {
  it('ids are unique, kebab-case and match their file names; rules/index.ts is current', () => {
    const files = fs.readdirSync('rules').filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
    assert.deepEqual(builtinRules.map((r) => r.id).sort(), files);
    assert.equal(new Set(files).size, files.length);
    execFileSync('node', ['scripts/generate.mjs', '--check']);
  });

  it('docs/rules/*.md and the README table are generated from the current metadata', () => {
    execFileSync('node', ['scripts/docs.mjs', '--check'], { stdio: 'pipe' });
    for (const r of builtinRules) assert.ok(fs.existsSync(`docs/rules/${r.id}.md`), r.id);
  });

  it('the catalog covers at least 40 rules', () => {
    assert.ok(builtinRules.length >= 40, `${builtinRules.length} rules`);
  });

  it('every rule has a title, description, help, examples and a compliance mapping', () => {
    for (const r of builtinRules) {
      assert.ok(r.title && r.description.length > 60 && r.help.length > 20, r.id);
      assert.ok(r.examples?.bad && r.examples.good, `${r.id} examples`);
      assert.ok(Object.keys(r.compliance ?? {}).length > 0, `${r.id} compliance`);
    }
  });
});

for (const rule of builtinRules) {
  describe(`rule ${rule.id}`, () => {
    it('fires exactly on the marked lines of fail/ and never on pass/', () => testRuleFixtures(rule));
  });
}

describe('rule options and robustness', () => {
  it('sensitive-port-open takes its port list from options', () => {
    const rule = builtinRules.find((r) => r.id === 'sensitive-port-open')!;
    const net = ingestTerraform('fixtures/rules/sensitive-port-open/pass', { vars: [], varFiles: [] }).network;
    const withDefault = runRules(net, [rule]).findings;
    const custom = runRules(net, [rule], new Map([[rule.id, { enabled: true, options: { ports: [443] } }]])).findings;
    assert.equal(withDefault.length, 0);
    assert.deepEqual(custom.map((f) => f.location.line), [5]);
  });

  it('a rule that throws is reported and does not stop the others', () => {
    const net = ingestTerraform('fixtures/rules/ssh-open-to-internet/fail', { vars: [], varFiles: [] }).network;
    const broken = { ...builtinRules[0]!, id: 'broken', check: () => { throw new Error('boom'); } };
    const r = runRules(net, [broken, ...builtinRules]);
    assert.deepEqual(r.failures.map(({ ruleId, message }) => ({ ruleId, message })), [{ ruleId: 'broken', message: 'boom' }]);
    assert.ok(r.findings.length > 0);
  });

  it('fingerprints do not change when lines move', () => {
    const a = runRules(ingestTerraform('fixtures/rules/rdp-open-to-internet/fail', { vars: [], varFiles: [] }).network, builtinRules).findings;
    const dir = fs.mkdtempSync('/tmp/sglint-fp-');
    fs.mkdirSync(`${dir}/fixtures/rules/rdp-open-to-internet/fail`, { recursive: true });
    fs.writeFileSync(`${dir}/fixtures/rules/rdp-open-to-internet/fail/main.tf`, '\n\n# moved down\n' + fs.readFileSync('fixtures/rules/rdp-open-to-internet/fail/main.tf', 'utf8'));
    const b = runRules(ingestTerraform('fixtures/rules/rdp-open-to-internet/fail', { vars: [], varFiles: [] }, dir).network, builtinRules).findings;
    assert.deepEqual(b.map((f) => f.fingerprint), a.map((f) => f.fingerprint));
    assert.notDeepEqual(b.map((f) => f.location.line), a.map((f) => f.location.line));
  });
});
