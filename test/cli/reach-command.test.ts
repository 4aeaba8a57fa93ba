import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';

const BIN = path.resolve('dist/src/cli/main.js');
const FIXTURE = 'fixtures/reach/three-tier';
const sglint = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const schema = JSON.parse(fs.readFileSync('schema/reach.schema.json', 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const valid = (doc: unknown): void => assert.ok(validate(doc), JSON.stringify(validate.errors));

describe('sglint reach', () => {
  it('text: each path with its hops and the rule line of each hop', () => {
    const r = sglint(['reach', '--from', 'internet', '--to', 'tag:tier=db', FIXTURE]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /internet -> aws_db_instance\.orders: tcp 5432 in 3 hop\(s\)/);
    assert.match(r.out, /aws_instance\.app\[0\] -> aws_db_instance\.orders \(tcp\/5432\) \[fixtures\/reach\/three-tier\/main\.tf:113\]/);
  });

  it('json: valid against schema/reach.schema.json, with the query echoed and every witness hop located', () => {
    const r = sglint(['reach', '--from', 'aws_instance.bastion', '--to', 'any', '--port', '22', '--format', 'json', FIXTURE]);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { query: { traffic: { tcp: number[][] } }; paths: { target: { endpoints: string[] }; witness: { steps: { layer: string; line?: number }[] }[] }[] };
    valid(doc);
    assert.deepEqual(doc.query.traffic.tcp, [[22, 22]]);
    assert.deepEqual(doc.paths.map((p) => p.target.endpoints), [['aws_instance.app[0]', 'aws_instance.app[1]']]);
    assert.ok(doc.paths[0]!.witness[0]!.steps.some((s) => s.layer === 'security-group' && s.line === 92));
  });

  it('markdown: a table and a mermaid graph', () => {
    const r = sglint(['reach', '--from', 'internet', '--to', 'tag:tier=db', '--format', 'markdown', FIXTURE]);
    assert.match(r.out, /\| internet \| aws_db_instance\.orders \| tcp 5432 \| 3 \|/);
    assert.match(r.out, /```mermaid\ngraph LR\n/);
    assert.match(r.out, /-->\|tcp\/5432\|/);
  });

  it('--max-hops limits the paths; no path is an answer, not an error', () => {
    const r = sglint(['reach', '--from', 'internet', '--to', 'tag:tier=db', '--max-hops', '2', FIXTURE]);
    assert.equal(r.code, 0);
    assert.match(r.out, /: 0\n\nNo path\./);
  });

  it('usage errors exit 2 with a message: missing --to, bad selector, bad port, bad protocol, internet as a target', () => {
    for (const [args, msg] of [
      [['reach', '--from', 'internet', FIXTURE], /needs --from and --to/],
      [['reach', '--from', 'nope', '--to', 'any', FIXTURE], /--from: "nope" matches no endpoint/],
      [['reach', '--from', 'internet', '--to', 'any', '--port', '99999', FIXTURE], /--port: "99999" is not a port/],
      [['reach', '--from', 'internet', '--to', 'any', '--protocol', 'gre', FIXTURE], /--protocol: "gre" is not a protocol/],
      [['reach', '--from', 'any', '--to', 'internet', FIXTURE], /the internet is a source only/],
      [['reach', '--from', 'any', '--to', 'any', '--max-hops', '0', FIXTURE], /--max-hops must be a whole number/],
      [['reach', '--from', 'any', '--to', 'any', '--format', 'sarif', FIXTURE], /--format for "reach" must be text, json or markdown/],
    ] as const) {
      const r = sglint([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
      assert.ok(!r.err.includes('    at '), 'no stack trace');
    }
  });
});

describe('sglint reach --matrix', () => {
  it('text: a grid of fewest hops, then each pair with its traffic', () => {
    const r = sglint(['reach', '--matrix', 'tag:tier', FIXTURE]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Segmentation by tag:tier/);
    assert.match(r.out, /^internet +1 +2 +3 +1 *$/m);
    assert.match(r.out, /^db +\. +\. +\. +\. *$/m, 'the database tier reaches nothing');
    assert.match(r.out, /^internet -> db: tcp 5432 in 3 hop\(s\)$/m);
  });

  it('json: valid against schema/reach.schema.json; markdown: a heat map', () => {
    const r = sglint(['reach', '--matrix', 'subnet', '--format', 'json', FIXTURE]);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { matrix: { by: string; sources: string[]; cells: { from: string; to: string; hops: number }[] } };
    valid(doc);
    assert.equal(doc.matrix.by, 'subnet');
    assert.equal(doc.matrix.sources[0], 'internet');
    assert.ok(doc.matrix.cells.some((c) => c.from === 'internet' && c.to === 'aws_subnet.private' && c.hops === 2));
    const md = sglint(['reach', '--matrix', 'tag:tier', '--port', '5432', '--format', 'markdown', FIXTURE]).out;
    assert.match(md, /\| \*\*internet\*\* \| ⬜ \| ⬜ \| 🟨 tcp 5432 \| ⬜ \|/);
  });

  it('usage errors: an unknown partition, or --from with --matrix', () => {
    const bad = sglint(['reach', '--matrix', 'tag:tier=web', FIXTURE]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--matrix must be tag:KEY, vpc or subnet/);
    assert.equal(sglint(['reach', '--matrix', 'vpc', '--from', 'internet', FIXTURE]).code, 2);
  });
});

describe('sglint blast-radius', () => {
  it('text: totals first, then data stores, then admin ports', () => {
    const r = sglint(['blast-radius', 'aws_instance.bastion', FIXTURE]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'Blast radius of aws_instance.bastion: 5 endpoint(s) reachable (1 data store(s), 2 on an admin port) on 4 tcp/udp port(s), within 2 hop(s); tiers: app, db, web');
    const order = lines.filter((l) => /^aws_instance\.bastion -> /.test(l)).map((l) => l.split(': ')[0]);
    assert.deepEqual(order, ['aws_instance.bastion -> aws_db_instance.orders', 'aws_instance.bastion -> aws_instance.app[0], aws_instance.app[1]', 'aws_instance.bastion -> aws_instance.web[0], aws_instance.web[1]']);
    assert.match(r.out, /\(data store\)/);
    assert.match(r.out, /\(admin port 22\)/);
  });

  it('json: valid against the schema, with totals a risk review needs', () => {
    const r = sglint(['blast-radius', 'aws_instance.web[0]', '--format', 'json', FIXTURE]);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { totals: Record<string, unknown>; paths: { risk?: string[] }[] };
    valid(doc);
    assert.deepEqual(doc.totals, { endpoints: 4, dataStores: 1, adminAccess: 0, traffic: { tcp: [[80, 80], [5432, 5432], [8080, 8080]], udp: [], icmp: false, icmpv6: false }, ports: 3, tiers: ['app', 'db', 'web'], untiered: 0, maxHops: 2 });
    assert.deepEqual(doc.paths[0]!.risk, ['data store']);
  });

  it('markdown: the totals line, a table and a graph', () => {
    const r = sglint(['blast-radius', 'tag:tier=app', '--format', 'markdown', FIXTURE]);
    assert.match(r.out, /^## sglint blast radius: `tag:tier=app`\n\n\d+ endpoint\(s\) reachable/);
    assert.match(r.out, /```mermaid/);
  });

  it('a TARGET that matches nothing exits 2', () => {
    const r = sglint(['blast-radius', 'nope', FIXTURE]);
    assert.equal(r.code, 2);
    assert.match(r.err, /TARGET: "nope" matches no endpoint/);
  });
});
