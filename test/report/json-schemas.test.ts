import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';

/** The documented JSON outputs (schema/*.schema.json) checked against what the CLI really writes. */
const BIN = path.resolve('dist/src/cli/main.js');
const EXAMPLE = path.resolve('fixtures/examples/three-tier');
const sglint = (args: string[], cwd = process.cwd()): unknown => {
  // --fail-on belongs to the commands that judge findings; exposure has no threshold.
  const r = spawnSync(process.execPath, [BIN, ...args, ...(args[0] === 'exposure' ? [] : ['--fail-on', 'none'])], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  assert.ok(r.status === 0 || r.status === 2, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
};

const ajv = new Ajv({ allErrors: true, strict: false });
for (const f of ['scan', 'exposure', 'diff']) ajv.addSchema(JSON.parse(fs.readFileSync(`schema/${f}.schema.json`, 'utf8')) as object, `${f}.schema.json`);
function valid(schema: string, doc: unknown): void {
  const validate = ajv.getSchema(schema)!;
  assert.ok(validate(doc), `${schema}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
}

describe('JSON outputs follow their schemas', () => {
  it('scan: findings with related locations, suppressed findings, and unknown-value warnings', () => {
    const doc = sglint(['scan', EXAMPLE, '--format', 'json', '--show-suppressed']) as { findings: { related?: unknown[] }[] };
    assert.ok(doc.findings.some((f) => f.related?.length), 'a chained finding with related locations');
    valid('scan.schema.json', doc);
    const partial = sglint(['scan', 'fixtures/partial/unresolved-group', '--format', 'json']) as { diagnostics: { severity: string }[] };
    assert.ok(partial.diagnostics.some((d) => d.severity === 'warning'), 'unknown values are warnings');
    valid('scan.schema.json', partial);
  });

  it('scan: an input error is a diagnostic with a location', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-schema-'));
    fs.writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_security_group" "x" {\n  name = \n}\n');
    const doc = sglint(['scan', dir, '--format', 'json']) as { diagnostics: { severity: string; line?: number }[] };
    assert.ok(doc.diagnostics.some((d) => d.severity === 'error' && d.line === 2));
    valid('scan.schema.json', doc);
  });

  it('exposure: Terraform, CloudFormation and other-cloud inputs', () => {
    for (const target of [EXAMPLE, 'fixtures/cloudformation/three-tier', 'fixtures/exposure/huawei', 'fixtures/exposure/openstack']) {
      const doc = sglint(['exposure', target, '--format', 'json']) as { targets: unknown[] };
      assert.ok(doc.targets.length > 0, target);
      valid('exposure.schema.json', doc);
    }
  });

  it('diff: added and removed findings, exposure opened and closed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-schema-diff-'));
    fs.cpSync(EXAMPLE, path.join(root, 'base'), { recursive: true });
    fs.cpSync(EXAMPLE, path.join(root, 'head'), { recursive: true });
    const sec = path.join(root, 'head', 'security.tf');
    fs.writeFileSync(sec, `${fs.readFileSync(sec, 'utf8')}\nresource "aws_security_group_rule" "debug" {\n  type              = "ingress"\n  security_group_id = aws_security_group.bastion.id\n  from_port         = 5432\n  to_port           = 5432\n  protocol          = "tcp"\n  cidr_blocks       = ["0.0.0.0/0"]\n}\n`);
    const forward = sglint(['diff', 'base', 'head', '--format', 'json'], root) as { added: unknown[]; exposure: { opened: unknown[] } };
    assert.ok(forward.added.length > 0 && forward.exposure.opened.length > 0);
    valid('diff.schema.json', forward);
    const back = sglint(['diff', 'head', 'base', '--format', 'json'], root) as { removed: unknown[]; exposure: { closed: unknown[] } };
    assert.ok(back.removed.length > 0 && back.exposure.closed.length > 0);
    valid('diff.schema.json', back);
  });

  it('the schemas reject what they must (they are not vacuous)', () => {
    assert.equal(ajv.getSchema('scan.schema.json')!({ schemaVersion: 1, findings: [{ ruleId: 'x' }], diagnostics: [], summary: {} }), false);
    assert.equal(ajv.getSchema('exposure.schema.json')!({ schemaVersion: 1, targets: [{ id: 'a', internet: { tcp: [[1]] } }], diagnostics: [] }), false);
    assert.equal(ajv.getSchema('diff.schema.json')!({ schemaVersion: 2, added: [], removed: [], exposure: { opened: [], closed: [] }, diagnostics: [] }), false);
  });
});
