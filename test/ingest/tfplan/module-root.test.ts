import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestPlan } from '../../../src/ingest/tfplan/index.js';

const SG = 'resource "aws_security_group" "x" {\n  name = "x"\n}\n';

/** A plan whose module "m" comes from `source`, with one group planned inside it. */
function planCalling(source: string): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.11.0',
    planned_values: { root_module: { child_modules: [{ address: 'module.m', resources: [{ address: 'module.m.aws_security_group.x', mode: 'managed', type: 'aws_security_group', name: 'x', values: { name: 'x', ingress: [], egress: [] } }] }] } },
    configuration: { root_module: { module_calls: { m: { source, module: { resources: [{ address: 'aws_security_group.x', mode: 'managed', type: 'aws_security_group', name: 'x', expressions: {} }] } } } } },
  });
}

describe('plan JSON: module folders stay inside the module root', () => {
  it('a module inside the root points findings at its .tf file; `../root-evil` beside the root is never read', () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-plan-')));
    fs.mkdirSync(path.join(base, 'root/mod'), { recursive: true });
    fs.mkdirSync(path.join(base, 'root-evil'));
    fs.writeFileSync(path.join(base, 'root/mod/main.tf'), SG);
    fs.writeFileSync(path.join(base, 'root-evil/main.tf'), SG);
    fs.writeFileSync(path.join(base, 'root/good.json'), planCalling('./mod'));
    fs.writeFileSync(path.join(base, 'root/evil.json'), planCalling('../root-evil'));
    const cwd = path.join(base, 'root');
    const good = ingestPlan('good.json', cwd);
    assert.equal(good.network.groups[0]!.origin.file, 'mod/main.tf');
    const evil = ingestPlan('evil.json', cwd);
    assert.equal(evil.network.groups[0]!.origin.file, 'evil.json');
    assert.equal(evil.files, 1);
  });

  it('a plan with a JSON syntax error gives its position, never its content', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-plan-')));
    fs.writeFileSync(path.join(dir, 'p.json'), '{"format_version": "1.2",\n "x": AKIA_SECRET }');
    const r = ingestPlan('p.json', dir);
    assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`), ['p.json:2:7: invalid JSON: unexpected character']);
  });
});
