import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrSet4, PUBLIC_V4 } from '../../src/net/addresses.js';
import { describeSources, publicCidrs, toCidrs } from '../../src/net/cidrs.js';
import type { IntervalSet, Scalar } from '../../src/net/interval-set.js';
import { portRange } from '../../src/net/ports.js';
import { solve, sourceChanges, Traffic, type SourceSlice } from '../../src/solver/index.js';
import type { AddrSet } from '../../src/solver/layers.js';
import { randomNetwork } from '../helpers/random-network.js';
import { rng } from '../helpers/random.js';

const v4 = (...cidrs: string[]): AddrSet => cidrSet4(cidrs).intersect(PUBLIC_V4);
const tcp = (a: number, b = a): Traffic => Traffic.ports('tcp', portRange(a, b));
const s = (a: AddrSet): IntervalSet<Scalar> => a as IntervalSet<Scalar>;

describe('source breadth: which public addresses reach what', () => {
  it('agrees with the solver\'s exposure on random networks (allow-only and with deny rules): the slices are disjoint and their traffic is the exposure', () => {
    let exposed = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const sol = solve(randomNetwork(rng(seed), seed % 2 === 0));
      for (const e of sol.endpoints()) {
        const x = sol.exposure(e);
        const b = sol.sources(e);
        for (const f of [4, 6] as const) {
          const slices = b[f];
          const union = slices.reduce((t, sl) => t.union(sl.traffic), Traffic.NONE);
          assert.ok(union.equals(f === 4 ? x.internet : x.internet6), `seed ${seed}: ${e.id} IPv${f}`);
          for (let i = 0; i < slices.length; i++) for (let j = i + 1; j < slices.length; j++) assert.ok(!s(slices[i]!.addresses).overlaps(s(slices[j]!.addresses)), `seed ${seed}: ${e.id} slices overlap`);
          if (slices.length) exposed++;
        }
      }
    }
    assert.ok(exposed > 20, `exposed endpoints checked: ${exposed}`);
  });

  it('a widened source is a change even when the port was open: tcp 22 now from the whole internet, was 198.51.100.0/24', () => {
    const before: SourceSlice[] = [{ addresses: v4('198.51.100.0/24'), traffic: tcp(22) }];
    const after: SourceSlice[] = [{ addresses: PUBLIC_V4, traffic: tcp(22) }];
    const opened = sourceChanges(after, before, 4);
    assert.equal(opened.length, 1);
    assert.deepEqual(publicCidrs(s(opened[0]!.after), 4), ['0.0.0.0/0']);
    assert.deepEqual(publicCidrs(s(opened[0]!.before), 4), ['198.51.100.0/24']);
    assert.deepEqual(sourceChanges(before, after, 4), [], 'nothing is lost');
    // Narrowed back: the reverse direction reports it, the forward one does not.
    assert.equal(sourceChanges(before, after, 4).length + sourceChanges(after, before, 4).length, 1);
  });

  it('ports with different histories are told apart; ports with the same one together', () => {
    const before: SourceSlice[] = [{ addresses: v4('198.51.100.0/24'), traffic: tcp(22) }];
    const after: SourceSlice[] = [{ addresses: PUBLIC_V4, traffic: tcp(22).union(tcp(80)).union(tcp(443)) }];
    const opened = sourceChanges(after, before, 4).map((c) => ({ tcp: c.traffic.tcp.ranges.map(([a, b]) => [a, b]), was: publicCidrs(s(c.before), 4) }));
    assert.deepEqual(opened, [{ tcp: [[22, 22]], was: ['198.51.100.0/24'] }, { tcp: [[80, 80], [443, 443]], was: [] }]);
  });

  it('the same sources and traffic on both sides are no change', () => {
    const a: SourceSlice[] = [{ addresses: v4('203.0.113.0/24'), traffic: tcp(443) }, { addresses: v4('198.51.100.0/24'), traffic: tcp(22, 23) }];
    assert.deepEqual(sourceChanges(a, [...a].reverse(), 4), []);
  });

  it('address sets are named as a reader would', () => {
    assert.equal(describeSources(s(PUBLIC_V4), 4), 'the whole internet');
    assert.equal(describeSources(s(v4('198.51.100.0/24', '203.0.113.7/32')), 4), '198.51.100.0/24, 203.0.113.7/32');
    assert.equal(describeSources(s(PUBLIC_V4.difference(cidrSet4(['198.51.100.0/24']))), 4), 'the whole internet except 198.51.100.0/24');
    assert.equal(describeSources(s(v4('1.0.0.0/8', '3.0.0.0/8', '5.0.0.0/8', '7.0.0.0/8')), 4), '1.0.0.0/8, 3.0.0.0/8, 5.0.0.0/8 and 1 more ranges');
    assert.deepEqual(toCidrs(s(cidrSet4(['10.0.0.0/8']).union(cidrSet4(['11.0.0.0/8']))), 4), ['10.0.0.0/7']);
    assert.deepEqual(toCidrs(s(cidrSet4(['10.0.0.1/32', '10.0.0.2/31'])), 4), ['10.0.0.1/32', '10.0.0.2/31']);
  });
});
