import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runRules, type RuleSetting } from '../../src/checks/run.js';
import { loadConfig } from '../../src/checks/config/load-config.js';
import { withPolicies } from '../../src/checks/pipeline/scan.js';
import type { RuleDefinition } from '../../src/checks/rule-api.js';
import { ingestTerraform } from '../../src/ingest/terraform/index.js';
import { filesUnder } from './files.js';

/** Lines marked `# expect: rule-a, rule-b` in the fixture files: `file:line rule` entries. */
export function expectedMarkers(dir: string, ruleId: string): string[] {
  const out: string[] = [];
  for (const f of filesUnder(dir, /\.tf$/)) {
    fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      const m = /#\s*expect:\s*([\w\-, /]+)/.exec(line);
      if (m && m[1]!.split(',').map((s) => s.trim()).includes(ruleId)) out.push(`${f}:${i + 1}`);
    });
  }
  return out.sort();
}

/**
 * ESLint-RuleTester-like check over fixtures: in `fail/` exactly the marked lines fire (no more,
 * no fewer); `pass/` yields nothing. Only the rule under test runs. Input errors fail the test.
 * A fixture's `.sglint.yml` may hold `policies:` (the network-policy rule's input).
 */
export function testRuleFixtures(rule: RuleDefinition<object>, root = path.join('fixtures', 'rules', rule.id), options?: Record<string, unknown>): void {
  for (const kind of ['fail', 'pass'] as const) {
    const dir = path.join(root, kind);
    assert.ok(fs.existsSync(dir), `${rule.id} needs fixtures in ${dir}`);
    const result = ingestTerraform(dir, { vars: [], varFiles: [] });
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), [], `${dir} has input errors`);
    const settings = new Map<string, RuleSetting>([[rule.id, { enabled: true, ...(options ? { options } : {}) }]]);
    const configFile = path.join(dir, '.sglint.yml');
    if (fs.existsSync(configFile)) {
      const problems: unknown[] = [];
      withPolicies(settings, loadConfig(configFile, process.cwd(), problems as never[]));
      assert.deepEqual(problems, [], `${configFile} has errors`);
    }
    const { findings, failures } = runRules(result.network, [rule], settings);
    assert.deepEqual(failures, []);
    const fired = [...new Set(findings.map((f) => `${f.location.file}:${f.location.line}`))].sort();
    const expected = expectedMarkers(dir, rule.id);
    if (kind === 'fail') assert.ok(expected.length > 0, `${dir}: a fail fixture must mark at least one line with "# expect: ${rule.id}"`);
    else assert.equal(expected.length, 0, `${dir}: pass fixtures carry no expectations`);
    assert.deepEqual(fired, expected, `${rule.id} ${kind}: fired lines differ from the "# expect" markers`);
    for (const f of findings) {
      assert.ok(f.message.length > 20, 'messages say what and why');
      assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
    }
  }
}
