import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { scan } from '../../src/checks/pipeline/scan.js';
import { formatSarif } from '../../src/report/sarif.js';
import { tempTree } from '../helpers/tf.js';

const MAIN = fs.readFileSync('fixtures/reach/three-tier/main.tf', 'utf8');

async function run(policies: string, opts: { main?: string; baseline?: string; writeBaseline?: string } = {}) {
  const dir = tempTree({ 'main.tf': opts.main ?? MAIN, '.sglint.yml': `rules:\n  network-policy: high\npolicies:\n${policies}` });
  const { report } = await scan({ paths: ['.'], vars: { vars: [], varFiles: [] }, rules: builtinRules, cwd: dir, env: {}, toolVersion: 'test', today: '2026-06-01', baseline: opts.baseline, writeBaseline: opts.writeBaseline });
  assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  return { dir, report, findings: report.findings.filter((f) => f.ruleId === 'network-policy') };
}
const summary = (fs: { location: { line: number }; message: string }[]) => fs.map((f) => `${f.location.line} ${/policy (\S+)/.exec(f.message)![1]}`);

describe('rule network-policy on the three-tier network', () => {
  it('forbid: the internet reaches the database in three hops; the finding sits on the rule that admits the last hop', async () => {
    const { findings } = await run('  - id: db-isolated\n    severity: critical\n    forbid: { from: internet, to: "tag:tier=db" }\n');
    assert.deepEqual(summary(findings), ['113 db-isolated']);
    const f = findings[0]!;
    assert.equal(f.severity, 'critical', "the policy's own severity");
    assert.equal(f.message, 'policy db-isolated (no path from internet to tag:tier=db; .sglint.yml:4): the internet can reach aws_db_instance.orders on tcp 5432 in 3 hop(s): internet -> aws_instance.bastion (tcp/22) -> aws_instance.app[0] (tcp/22) -> aws_db_instance.orders (tcp/5432)');
    assert.deepEqual(f.related?.map((r) => `${r.file}:${r.line} ${r.message}`), [
      'main.tf:43 hop 1: internet -> aws_instance.bastion (tcp/22)', 'main.tf:92 hop 2: aws_instance.bastion -> aws_instance.app[0] (tcp/22)',
      'main.tf:113 hop 3: aws_instance.app[0] -> aws_db_instance.orders (tcp/5432)',
    ]);
    assert.deepEqual(f.targets, ['aws_db_instance.orders']);
  });

  it('SARIF: the witness is a code flow, one step per hop in order', async () => {
    const { report } = await run('  - id: db-isolated\n    forbid: { from: internet, to: "tag:tier=db" }\n');
    const sarif = JSON.parse(formatSarif({ ...report, findings: report.findings.filter((f) => f.ruleId === 'network-policy') })) as { runs: { results: { codeFlows: { threadFlows: { locations: { location: { physicalLocation: { region: { startLine: number } }; message: { text: string } } }[] }[] }[] }[] }[] };
    const steps = sarif.runs[0]!.results[0]!.codeFlows[0]!.threadFlows[0]!.locations.map((l) => `${l.location.physicalLocation.region.startLine} ${l.location.message.text}`);
    assert.deepEqual(steps, ['43 hop 1: internet -> aws_instance.bastion (tcp/22)', '92 hop 2: aws_instance.bastion -> aws_instance.app[0] (tcp/22)', '113 hop 3: aws_instance.app[0] -> aws_db_instance.orders (tcp/5432)']);
  });

  it('without a severity of its own a policy takes the rule\'s (high here)', async () => {
    const { findings } = await run('  - id: db-isolated\n    forbid: { from: internet, to: "tag:tier=db" }\n');
    assert.equal(findings[0]!.severity, 'high');
  });

  it('maxHops: only paths of at most that many connections count', async () => {
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: internet, to: "tag:tier=db" }\n    maxHops: 2\n')).findings), []);
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: internet, to: "tag:tier=db" }\n    maxHops: 3\n')).findings), ['113 p']);
  });

  it('through: paths through the app tier are allowed; a required bastion is bypassed by web -> app -> db', async () => {
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: "tag:tier=web", to: "tag:tier=db" }\n    through: app\n')).findings), []);
    const f = (await run('  - id: p\n    forbid: { from: "tag:tier=web", to: "tag:tier=db" }\n    through: [group:aws_security_group.bastion, subnet:aws_subnet.public]\n')).findings;
    // The web servers are in the public subnet: every path from them starts there, so none bypasses it.
    assert.deepEqual(summary(f), []);
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: "tag:tier=web", to: "tag:tier=db" }\n    through: bastion\n')).findings), ['113 p']);
  });

  it('only: the bastion opens SSH to the app tier (allowed); naming the web tier instead makes the bastion a violation', async () => {
    assert.deepEqual(summary((await run('  - id: p\n    only: { from: "tag:role=bastion", to: "tag:tier=app", ports: 22 }\n')).findings), []);
    const { findings } = await run('  - id: p\n    only: { from: "tag:tier=web", to: "tag:tier=app", ports: 22 }\n');
    assert.deepEqual(summary(findings), ['92 p']);
    assert.match(findings[0]!.message, /only tag:tier=web may reach tag:tier=app on tcp 22; \.sglint\.yml:4\): aws_instance\.bastion can reach aws_instance\.app\[0\], aws_instance\.app\[1\] on tcp 22 in 1 hop/);
  });

  it('only: the internet is a sender unless named (the web tier on 80)', async () => {
    assert.deepEqual(summary((await run('  - id: p\n    only: { from: "tag:role=bastion", to: "tag:tier=web", ports: 80 }\n')).findings), ['64 p', '64 p']);
    // The app tier (all egress) is a sender too; the database has no egress rule at all.
    assert.deepEqual(summary((await run('  - id: p\n    only: { from: [internet, "tag:tier=web", "tag:role=bastion"], to: "tag:tier=web", ports: 80 }\n')).findings), ['64 p']);
    assert.deepEqual(summary((await run('  - id: p\n    only: { from: [internet, "tag:tier=web", "tag:role=bastion", "tag:tier=app"], to: "tag:tier=web", ports: 80 }\n')).findings), []);
  });

  it('except: by traffic and by source; what an excuse does not cover is still reported', async () => {
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: "tag:tier=web", to: "tag:tier=web" }\n    except: [{ ports: 80 }]\n')).findings), []);
    const f = (await run('  - id: p\n    forbid: { from: "tag:tier=web", to: "tag:tier=web" }\n    except: [{ ports: 443 }]\n')).findings;
    assert.deepEqual(summary(f), ['64 p']);
    // One finding per target and group of sources the excuses treat alike, with the nearest source's path.
    const rest = (await run('  - id: p\n    forbid: { to: "tag:tier=db" }\n    except: [{ from: "tag:tier=app", ports: 5432 }]\n')).findings;
    assert.deepEqual(rest.map((f) => /: (.*?) can reach/.exec(f.message)![1]), ['the internet', 'aws_instance.bastion'], 'the internet and the others still reach it through the app tier');
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: "tag:tier=app", to: "tag:tier=db" }\n    except: [{ from: "tag:tier=app", to: "tag:pci", ports: 5432 }]\n')).findings), []);
  });

  it('an endpoint never violates a policy by reaching itself', async () => {
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: "tag:tier=db", to: "tag:tier=db" }\n')).findings), []);
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: "aws_instance.bastion", to: "aws_instance.bastion" }\n')).findings), []);
  });

  it('a selector that names nothing in this input selects nothing', async () => {
    assert.deepEqual(summary((await run('  - id: p\n    forbid: { from: internet, to: "tag:tier=nope" }\n')).findings), []);
  });

  it('suppressed inline like any finding, and baselined by fingerprint', async () => {
    const marked = MAIN.replace('  ingress {\n    description     = "Postgres"', '  # sglint:ignore network-policy reason="accepted until the bastion moves"\n  ingress {\n    description     = "Postgres"');
    const s = await run('  - id: p\n    forbid: { from: internet, to: "tag:tier=db" }\n', { main: marked });
    assert.equal(s.findings.length, 0);
    assert.equal(s.report.summary.suppressed, 1);
    const first = await run('  - id: p\n    forbid: { from: internet, to: "tag:tier=db" }\n', { writeBaseline: 'base.json' });
    assert.equal(first.findings.length, 1);
    const base = `${first.dir}/base.json`;
    const again = await run('  - id: p\n    forbid: { from: internet, to: "tag:tier=db" }\n', { baseline: base });
    assert.equal(again.findings.length, 0);
    assert.equal(again.report.summary.baselined, first.report.findings.length, 'every finding of the first run, the policy\'s included');
  });

  it('the fingerprint names the policy: the same path under two policies is two findings', async () => {
    const { findings } = await run('  - id: a\n    forbid: { from: internet, to: "tag:tier=db" }\n  - id: b\n    forbid: { from: internet, to: "tag:pci" }\n');
    assert.deepEqual(summary(findings), ['113 a', '113 b']);
    assert.notEqual(findings[0]!.fingerprint, findings[1]!.fingerprint);
  });

  it('turned off in the config, policies are not checked', async () => {
    const dir = tempTree({ 'main.tf': MAIN, '.sglint.yml': 'rules:\n  network-policy: off\npolicies:\n  - id: p\n    forbid: { from: internet, to: "tag:tier=db" }\n' });
    const { report } = await scan({ paths: ['.'], vars: { vars: [], varFiles: [] }, rules: builtinRules, cwd: dir, env: {}, toolVersion: 'test' });
    assert.equal(report.findings.filter((f) => f.ruleId === 'network-policy').length, 0);
  });
});
