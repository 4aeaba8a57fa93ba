import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { scan } from '../../src/checks/pipeline/scan.js';
import { formatSarif } from '../../src/report/sarif.js';

const require = createRequire(import.meta.url);
const MULTITOOL = require('@microsoft/sarif-multitool') as string;
/** GitHub code scanning's SARIF rules, as a sarif-multitool validation config. */
const CONFIG = path.resolve('test-data/sarif-github.config.xml');

interface SarifLog {
  runs: { results: { ruleId: string; level: string; message: { text?: string; id?: string; arguments?: string[] }; relatedLocations?: unknown[]; partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[]; codeFlows?: { threadFlows: { locations: { executionOrder: number; location: { message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } } }[] }[] }[] }[]; invocations?: { toolExecutionNotifications?: { message: { text: string } }[] }[]; automationDetails: { id: string } }[];
}

const fixtureDirs = (): string[] => {
  const dirs = ['fixtures/examples/three-tier'];
  for (const id of fs.readdirSync('fixtures/rules')) for (const kind of ['fail', 'pass']) dirs.push(`fixtures/rules/${id}/${kind}`);
  return dirs;
};

async function sarifOf(dir: string, opts: Parameters<typeof formatSarif>[1] = {}): Promise<string> {
  const { report } = await scan({ paths: [dir], vars: { vars: [], varFiles: [] }, rules: builtinRules, cwd: process.cwd(), env: {}, toolVersion: '0.1.0', configFile: undefined });
  return formatSarif(report, opts);
}

/** Runs GitHub's rule set (Sarif + Ghas kinds) over the files; returns the problems it reports. */
function validate(files: string[]): string[] {
  const out = path.join(fs.mkdtempSync('/tmp/sglint-sarif-val-'), 'validation.sarif');
  // Invariant globalization: the .NET tool then needs no ICU libraries on a bare CI machine.
  const r = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Sarif;Ghas', '--config', CONFIG, '--output', out, ...files], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  // It exits 0 even when it finds problems: read its output file.
  assert.ok(fs.existsSync(out), `the validator wrote no output: ${r.stdout}\n${r.stderr}`);
  const log = JSON.parse(fs.readFileSync(out, 'utf8')) as SarifLog;
  return log.runs.flatMap((run) => run.results.filter((x) => x.level === 'error' || x.level === 'warning').map((x) => `${x.level} ${x.ruleId}: ${(x.message.arguments ?? [x.message.text]).join(' | ')}`));
}

describe('SARIF for GitHub code scanning', () => {
  it('the SARIF of every fixture passes sarif-multitool with GitHub\'s ingestion rules, no errors or warnings', async () => {
    const dir = fs.mkdtempSync('/tmp/sglint-sarif-');
    const files: string[] = [];
    for (const d of fixtureDirs()) {
      const f = path.join(dir, `${d.replace(/[/]/g, '_')}.sarif`);
      fs.writeFileSync(f, await sarifOf(d));
      files.push(f);
    }
    assert.ok(files.length > 80);
    assert.deepEqual(validate(files), []);
  });

  it('a validator that finds nothing is not blind: a broken file is flagged', () => {
    const dir = fs.mkdtempSync('/tmp/sglint-sarif-bad-');
    const f = path.join(dir, 'bad.sarif');
    fs.writeFileSync(f, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [] } }, results: [{ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: '/abs/path.tf' } } }] }] }] }));
    assert.ok(validate([f]).length > 0);
  });

  it('chained findings carry a code flow (internet -> each hop\'s rule -> the target) and link every related location from the message', async () => {
    const log = JSON.parse(await sarifOf('fixtures/examples/three-tier')) as SarifLog;
    const chain = log.runs[0]!.results.filter((x) => x.ruleId === 'database-reachable-through-chain');
    assert.equal(chain.length, 2);
    for (const x of chain) {
      const related = x.relatedLocations as { id: number; message: { text: string }; physicalLocation: { region: { startLine: number } } }[];
      assert.ok(related.length >= 2);
      // GitHub shows a related location only when the message links to it.
      for (const r of related) assert.ok(x.message.text!.includes(`](${r.id})`), `${x.message.text} links ${r.id}`);
      const flow = x.codeFlows![0]!.threadFlows[0]!.locations;
      assert.equal(flow.length, related.length);
      assert.match(flow[0]!.location.message.text, /^internet → /);
      assert.deepEqual(flow.map((l) => l.executionOrder), related.map((_r, i) => i + 1));
      // The last step is the rule that admits the database hop: the result's own line.
      assert.equal(flow[flow.length - 1]!.location.physicalLocation.region.startLine, x.locations[0]!.physicalLocation.region.startLine);
    }
    const db = chain.find((x) => x.message.text!.startsWith('aws_db_instance.main'))!;
    assert.deepEqual(db.codeFlows![0]!.threadFlows[0]!.locations.map((l) => `${l.location.physicalLocation.artifactLocation.uri}:${l.location.physicalLocation.region.startLine} ${l.location.message.text}`), [
      'fixtures/examples/three-tier/security.tf:39 internet → aws_instance.bastion on tcp/22',
      'fixtures/examples/three-tier/modules/service-tier/main.tf:20 aws_instance.bastion → module.app.aws_instance.this[0] on tcp/22',
      'fixtures/examples/three-tier/security.tf:61 module.app.aws_instance.this[0] → aws_db_instance.main on tcp/5432',
    ]);
    assert.match(db.message.text!, /Path: \[internet → aws_instance\.bastion on tcp\/22\]\(1\), then \[aws_instance\.bastion → module\.app\.aws_instance\.this\\\[0\\\] on tcp\/22\]\(2\)/);
    // Findings that are not chains have neither.
    assert.ok(log.runs[0]!.results.filter((x) => x.ruleId !== 'database-reachable-through-chain').every((x) => !x.codeFlows && !x.relatedLocations && !/\]\(\d+\)/.test(x.message.text!)));
    assert.ok(log.runs[0]!.results.every((x) => /^[0-9a-f]{16}:1$/.test(x.partialFingerprints['primaryLocationLineHash']!)));
    assert.equal(log.runs[0]!.automationDetails.id, 'sglint/iac/');
  });

  it('over the results limit, the most severe are kept and a notification says how many were left out', async () => {
    const text = await sarifOf('fixtures/examples/three-tier', { limits: { results: 5 }, category: 'sglint/aws/123456789012/' });
    const log = JSON.parse(text) as SarifLog;
    const run = log.runs[0]!;
    assert.equal(run.results.length, 5);
    assert.ok(run.results.slice(0, 2).every((x) => x.level === 'error'));
    const notes = run.invocations![0]!.toolExecutionNotifications!.map((n) => n.message.text);
    assert.match(notes[0]!, /^19 findings were aggregated into 15 results/);
    assert.match(notes[1]!, /^10 of 15 results were left out/);
    assert.equal(run.automationDetails.id, 'sglint/aws/123456789012/');
    const f = path.join(fs.mkdtempSync('/tmp/sglint-sarif-lim-'), 'lim.sarif');
    fs.writeFileSync(f, text);
    assert.deepEqual(validate([f]), []);
  });

  it('over the compressed-size limit, results are dropped until it fits', async () => {
    const text = await sarifOf('fixtures/examples/three-tier', { limits: { gzipBytes: 9_000 } });
    const log = JSON.parse(text) as SarifLog;
    assert.ok(log.runs[0]!.results.length < 19);
    assert.match(log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text, /gzip/);
  });
});
