import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solve, type PeerJsonSink } from '../../src/solver/index.js';
import { randomNetwork } from '../helpers/random-network.js';
import { rng } from '../helpers/random.js';

/** Collects what `writePeersJson` writes, as text. */
function collect(): PeerJsonSink & { out: string } {
  const sink = {
    out: '',
    range(b: Uint8Array, from: number, to: number) {
      sink.out += Buffer.from(b.subarray(from, to)).toString('utf8');
    },
    text(s: string) {
      sink.out += s;
    },
    comma() {
      sink.out += ',';
    },
  };
  return sink;
}

describe('streamed answers (Solution.all + writePeersJson) match the listed answers', () => {
  it('on 600 random networks (AWS and Huawei): same order, entries and unions as exposure(e).peers', () => {
    let multi = 0;
    for (let seed = 70_001; seed <= 70_600; seed++) {
      const network = randomNetwork(rng(seed), seed % 3 === 0);
      const sol = solve(network);
      for (const x of sol.all()) {
        const listed = sol.exposure(x.endpoint);
        const sink = collect();
        sol.writePeersJson(x.index, sink);
        assert.equal(sink.out, listed.peers.map((p) => p.jsonText()).join(','), `seed ${seed}: ${x.endpoint.id}`);
        assert.equal(x.hopsFromInternet, listed.hopsFromInternet);
        assert.deepEqual(x.path, listed.path);
        assert.deepEqual(x.may, listed.may);
        if (x.endpoint.groupIds.length > 1 && listed.peers.length > 1) multi++;
      }
    }
    assert.ok(multi > 100, `endpoints with several groups and peers were exercised (${multi})`);
  });
});
