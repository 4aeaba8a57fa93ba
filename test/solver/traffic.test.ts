import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Traffic } from '../../src/solver/traffic.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PROTOCOLS = [-1, 6, 17, 1, 58, 47, 50];

/** A union of a few random rules' traffic (ports, ICMP types, other protocols). */
function randomTraffic(r: () => number): Traffic {
  let t = Traffic.NONE;
  const n = Math.floor(r() * 5);
  for (let k = 0; k < n; k++) {
    const protocol = PROTOCOLS[Math.floor(r() * PROTOCOLS.length)]!;
    const from = Math.floor(r() * 65536);
    const to = Math.min(65535, from + Math.floor(r() * (r() < 0.5 ? 10 : 40000)));
    const ports = protocol === 6 || protocol === 17 ? (r() < 0.2 ? null : { from, to }) : null;
    const icmp = protocol === 1 || protocol === 58 ? { type: r() < 0.5 ? -1 : Math.floor(r() * 20), code: -1 } : undefined;
    t = t.union(Traffic.of(protocol, ports, icmp));
  }
  return t;
}

describe('Traffic', () => {
  it('jsonText is exactly JSON.stringify(toJSON()) for both families, on random unions', () => {
    const r = rng(11);
    for (let k = 0; k < 3000; k++) {
      const t = randomTraffic(r);
      for (const family of [4, 6] as const) assert.equal(t.jsonText(family), JSON.stringify(t.toJSON(family)));
    }
    assert.equal(Traffic.NONE.jsonText(4), '{"tcp":[],"udp":[],"icmp":false}');
    assert.equal(Traffic.ALL.jsonText(6), '{"tcp":[[0,65535]],"udp":[[0,65535]],"icmp":true,"other":[-1]}');
  });
});
