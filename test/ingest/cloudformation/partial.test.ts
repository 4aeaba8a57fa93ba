import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinRules } from '../../../rules/index.js';
import { loadInputs } from '../../../src/checks/pipeline/inputs.js';
import { runRules } from '../../../src/checks/run.js';
import { ingestCloudFormation } from '../../../src/ingest/cloudformation/index.js';

const noVars = { vars: [], varFiles: [] };

describe('CloudFormation: partial knowledge', () => {
  const r = ingestCloudFormation('fixtures/cloudformation/partial/stacks/web/template.yaml', process.cwd());
  const messages = (severity: string): string[] => r.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.line}: ${d.message}`);

  it('a multi-line quoted string CloudFormation accepts parses, keeping line numbers', () => {
    assert.deepEqual(messages('error'), []);
    const web = r.network.groups.find((g) => g.id === 'Web')!;
    assert.equal(web.description, 'web tier, open to the world');
    assert.equal(web.origin.line, 17);
  });

  it('pseudo parameters are unknown: FindInMap keyed by AWS::Region is unknown, not an error nor us-east-1', () => {
    const rule = r.network.groups.find((g) => g.id === 'Web')!.rules.find((x) => x.ports?.from === 5432)!;
    assert.equal(rule.peer.kind, 'unknown');
    assert.match(rule.unknowns.join(), /Fn::FindInMap with an unknown key/);
  });

  it('Transform and Fn::Transform are warnings; AWS::Serverless resources do not fail the scan', () => {
    assert.deepEqual(messages('warning').filter((m) => /transform|macro/i.test(m)), [
      '2: the template uses the transform AWS::Serverless-2016-10-31: sglint reads it as written, before the macro expands it, so resources the macro creates are not scanned',
      '33: Fn::Transform MyRuleMacro is a macro run at deployment: its result is unknown to sglint',
    ]);
    const found = runRules(r.network, builtinRules).findings.map((f) => `${f.ruleId}@${f.location.line}`).sort();
    assert.ok(found.includes('ssh-open-to-internet@24'), found.join());
    // The unknown CIDR is "may", not the whole internet: only the description check sees that rule.
    assert.deepEqual(found.filter((f) => f.endsWith('@28')), ['rule-missing-description@28']);
  });
});

describe('input folders', () => {
  it('templates in subfolders are found (no "nothing found" error)', async () => {
    const r = await loadInputs(['fixtures/cloudformation/partial'], noVars, process.cwd());
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(r.network.groups.some((g) => g.id === 'Web'));
  });

  it('a folder with .tf files and templates scans both', async () => {
    const r = await loadInputs(['fixtures/mixed'], noVars, process.cwd());
    assert.deepEqual(r.network.groups.map((g) => g.id).sort(), ['Cfn', 'aws_security_group.tf']);
    const found = runRules(r.network, builtinRules).findings.map((f) => `${f.ruleId} ${f.resource}`);
    assert.ok(found.includes('ssh-open-to-internet Cfn') && found.includes('rdp-open-to-internet aws_security_group.tf'), found.join('\n'));
  });

  it('a folder with neither is still an error', async () => {
    const r = await loadInputs(['fixtures/plans/rules'], noVars, process.cwd());
    assert.ok(r.diagnostics.some((d) => d.severity === 'error' && /no Terraform \(\.tf\) files, CloudFormation templates or AWS CLI JSON found/.test(d.message)));
  });
});
