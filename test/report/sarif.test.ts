import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sarifOf, validate, type SarifLog } from '../helpers/sarif-validator.js';

describe('SARIF for GitHub code scanning', () => {
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
