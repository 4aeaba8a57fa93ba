import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestAwsCli } from '../../src/ingest/awscli/index.js';
import { emptyNetwork } from '../../src/model/network.js';
import { exposureJsonChunks } from '../../src/report/exposure.js';
import { solve } from '../../src/solver/index.js';

interface Target {
  id: string;
  kind: string;
  internet: unknown;
  internet6: unknown;
  hopsFromInternet: number | null;
  path: string[];
  pathPorts: string[];
  peers: { from: string }[];
}

const report = (chunks: Iterable<Buffer>): { schemaVersion: number; targets: Target[]; diagnostics: unknown[] } => JSON.parse(Buffer.concat([...chunks]).toString('utf8'));

describe('exposure JSON (streamed)', () => {
  it('an empty network is a complete report with no targets', () => {
    const chunks = [...exposureJsonChunks(solve(emptyNetwork()), [])];
    assert.equal(chunks.length, 1);
    assert.deepEqual(report(chunks), { schemaVersion: 1, targets: [], diagnostics: [] });
  });

  it('a report of several pieces (over a megabyte) joins into the same answers as exposure(e), target for target', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-expo-'));
    const file = path.join(dir, 'snap.json');
    fs.writeFileSync(file, spawnSync(process.execPath, [path.resolve('test-data/gen-aws-snapshot.mjs'), '6000', '600', '2'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout);
    const { network } = ingestAwsCli([file]);
    const sol = solve(network);
    const chunks = [...exposureJsonChunks(sol, [{ severity: 'warning', message: 'a "quoted" note' }])];
    assert.ok(chunks.length > 1, `several pieces (${chunks.length})`);
    // Reused buffers (for a synchronous writer): the same bytes when each piece is taken before the next.
    const reused: Buffer[] = [];
    for (const c of exposureJsonChunks(sol, [{ severity: 'warning', message: 'a "quoted" note' }], true)) reused.push(Buffer.from(c));
    assert.ok(Buffer.concat(reused).equals(Buffer.concat(chunks)));
    // Pieces end on a line: each but the last ends with a whole target (the next begins with the separator).
    for (const c of chunks.slice(0, -1)) assert.equal(c.at(-1), 0x7d);
    const r = report(chunks);
    assert.equal(r.targets.length, sol.endpoints().length);
    assert.deepEqual(r.diagnostics, [{ severity: 'warning', message: 'a "quoted" note' }]);
    for (const [k, e] of sol.endpoints().entries()) {
      const x = sol.exposure(e);
      const t = r.targets[k]!;
      assert.equal(t.id, e.id);
      assert.deepEqual(t.internet, x.internet.toJSON(4));
      assert.deepEqual(t.internet6, x.internet6.toJSON(6));
      assert.equal(t.hopsFromInternet, x.hopsFromInternet);
      assert.deepEqual(t.path, x.path.map((h) => h.id));
      assert.deepEqual(t.peers, x.peers.map((p) => JSON.parse(p.jsonText()) as unknown));
    }
  });
});
