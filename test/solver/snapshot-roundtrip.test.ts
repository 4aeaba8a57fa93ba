import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingestAwsCli } from '../../src/ingest/awscli/index.js';
import { solve } from '../../src/solver/index.js';
import { bruteHops, bruteInternet } from '../helpers/brute-force.js';
import { randomNetwork } from '../helpers/random-network.js';
import { rng } from '../helpers/random.js';
import { toSnapshot } from '../helpers/to-snapshot.js';

describe('random AWS CLI snapshots: ingest + solve agree with brute force and with the source network', () => {
  it('400 random snapshots', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-snap-'));
    for (let seed = 50_001; seed <= 50_400; seed++) {
      const original = randomNetwork(rng(seed), false);
      const file = path.join(dir, `s${seed % 10}.json`);
      fs.writeFileSync(file, JSON.stringify(toSnapshot(original)));
      const { network, diagnostics } = ingestAwsCli([file]);
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
      const sol = solve(network);
      const ref = solve(original);
      const direct = new Set<string>();
      for (const e of sol.endpoints()) {
        const x = sol.exposure(e);
        if (!x.internet.isEmpty() || !x.internet6.isEmpty()) direct.add(e.id);
        const src = original.endpoints.find((o) => o.id === e.id || (o.kind === 'load-balancer' && e.kind === 'load-balancer'))!;
        assert.ok(ref.exposure(src).internet.equals(x.internet), `seed ${seed}: ${e.id} IPv4 exposure differs after the round trip`);
        assert.ok(ref.exposure(src).internet6.equals(x.internet6), `seed ${seed}: ${e.id} IPv6 exposure differs after the round trip`);
        const want = bruteInternet(network, e, 4);
        assert.deepEqual(x.internet.tcp.ranges.map(([a, b]) => [a, b]), want.tcp, `seed ${seed}: ${e.id} tcp`);
      }
      const hops = bruteHops(network, direct);
      for (const e of sol.endpoints()) assert.equal(sol.exposure(e).hopsFromInternet, hops.get(e.id) ?? null, `seed ${seed}: hops of ${e.id}`);
    }
  });
});
