import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { diff } from '../../src/checks/pipeline/diff.js';
import { scan } from '../../src/checks/pipeline/scan.js';
import { formatDiffMarkdown, formatMarkdown } from '../../src/report/index.js';
import { shortPath } from '../../src/report/markdown.js';
import { pathGraph } from '../../src/report/mermaid.js';

const common = { vars: { vars: [], varFiles: [] }, rules: builtinRules, env: {}, toolVersion: '0.1.0', configFile: undefined };
const EXAMPLE = 'fixtures/examples/three-tier';

/** The bundled example grown to 200 endpoints: 99 web and 98 app instances. */
function network200(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-md-200-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const main = path.join(dir, 'main.tf');
  let n = 0;
  fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace(/instance_count = 2/g, () => `instance_count = ${n++ === 0 ? 99 : 98}`).replace(/count {12}= 2/, 'count            = 99'));
  return dir;
}

const report = async (dir: string) => (await scan({ ...common, paths: [dir], cwd: process.cwd() })).report;

describe('markdown a reviewer reads at a glance', () => {
  it('the findings table has a message column and links each built-in rule to its docs page', async () => {
    const md = formatMarkdown(await report(EXAMPLE));
    assert.match(md, /^\| Severity \| Finding \| Where \| Exposure \|$/m);
    // The rule id heads the finding on a line of its own (in a column of its own it wrapped at every hyphen).
    assert.match(md, /\| 🟥&nbsp;critical \| \[`ssh-open-to-internet`\]\(https:\/\/github\.com\/sglint\/sglint\/blob\/main\/docs\/rules\/ssh-open-to-internet\.md\)<br>aws\\_security\\_group\.bastion allows SSH/);
    // Four unrestricted-egress rows are four different messages now (IPv4 / IPv6, app / web).
    const egress = md.split('\n').filter((l) => l.includes('docs/rules/unrestricted-egress.md'));
    assert.equal(new Set(egress).size, egress.length);
    for (const id of new Set([...md.matchAll(/docs\/rules\/([a-z0-9-]+)\.md/g)].map((m) => m[1]!))) assert.ok(fs.existsSync(`docs/rules/${id}.md`), id);
  });

  it('the graph styles the internet node, draws every reachable endpoint of the example and says so', async () => {
    const md = formatMarkdown(await report(EXAMPLE));
    assert.match(md, /internet\(\("internet"\)\)/);
    assert.match(md, /class internet internet/);
    assert.match(md, /The graph shows all 7 reachable endpoints/);
    assert.match(md, /n\d+\["aws_db_instance\.main"\]/);
  });

  it('200 endpoints: copies share a box with a count, and the graph stays small', async () => {
    const md = formatMarkdown(await report(network200()));
    const boxes = md.match(/^ {2}n\d+\[/gm) ?? [];
    assert.ok(boxes.length <= 10, `${boxes.length} boxes`);
    // Two boxes of web servers (one per subnet) are told apart by their subnet.
    assert.match(md, /n\d+\["module\.web\.aws_instance\.this ×\d+ in private eu-west-1a"\]/);
    assert.match(md, /n\d+\["module\.web\.aws_instance\.this ×\d+ in private eu-west-1b"\]/);
    assert.match(md, /The graph shows all 200 reachable endpoints; endpoints alike .* share a box/);
  });

  it('a graph that must be cut keeps the longest chain and says what was left out', async () => {
    const r = await report(network200());
    const reachable = r.exposure!().filter((x) => x.hopsFromInternet !== null);
    const g = pathGraph(reachable, 3);
    const text = g.lines.join('\n');
    // The database, two hops behind the bastion, is the chain that must survive.
    assert.match(text, /aws_db_instance\.main/);
    assert.match(text, /aws_instance\.bastion/);
    assert.doesNotMatch(text, /aws_lb\.front/);
    assert.match(g.caption, /^The graph shows \d+ of 200 reachable endpoints in 3 boxes.*Left out to keep it legible: \d+ endpoints/);
  });

  it('a diff that changes nothing says so in one line: no empty graph, no "0 closest are drawn"', async () => {
    const d = await diff({ ...common, base: EXAMPLE, head: EXAMPLE, paths: [], cwd: process.cwd() });
    assert.ok(!('error' in d));
    const md = formatDiffMarkdown(d);
    assert.match(md, /This change adds no findings and changes no exposure to the internet/);
    assert.doesNotMatch(md, /```mermaid/);
    assert.doesNotMatch(md, /closest are drawn|###\s*$/m);
    assert.equal(md.match(/^#{2,4} /gm)!.length, 1, 'only the title');
  });

  it('paths are shortened to the part a reader recognises', () => {
    assert.equal(shortPath('security.tf'), 'security.tf');
    assert.equal(shortPath('modules/service-tier/main.tf'), 'modules/service-tier/main.tf');
    assert.equal(shortPath('environments/production/eu-west-1/network/security.tf'), '…/network/security.tf');
  });
});
