import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntervalSet, bigintDomain, numberDomain } from '../../src/net/interval-set.js';
import { int, rng } from '../helpers/random.js';

// Property tests: every operation agrees with a naive Set over a small domain, on random inputs.
const D = numberDomain(0, 63);
const randomRanges = (r: () => number): [number, number][] => Array.from({ length: int(r, 0, 5) }, () => {
  const a = int(r, 0, 63);
  return [a, Math.min(63, a + int(r, 0, 12))] as [number, number];
});
const naive = (ranges: [number, number][]): Set<number> => {
  const s = new Set<number>();
  for (const [a, b] of ranges) for (let v = a; v <= b; v++) s.add(v);
  return s;
};
const members = (s: IntervalSet<number>): Set<number> => {
  const out = new Set<number>();
  for (const [a, b] of s.ranges) for (let v = a; v <= b; v++) out.add(v);
  return out;
};
const wellFormed = (s: IntervalSet<number>): void => {
  for (let i = 0; i < s.ranges.length; i++) {
    const [a, b] = s.ranges[i]!;
    assert.ok(a <= b, 'lo <= hi');
    if (i > 0) assert.ok(s.ranges[i - 1]![1] + 1 < a, 'sorted, disjoint and not adjacent');
  }
};

describe('IntervalSet (property tests against a naive set)', () => {
  it('a union that equals one side is that side (no new set): shared results keep their cached texts', () => {
    const d = numberDomain(0, 65535);
    const wide = IntervalSet.of(d, [[0, 1023], [8000, 9000]]);
    const narrow = IntervalSet.of(d, [[22, 22], [8080, 8080]]);
    assert.equal(wide.union(narrow), wide);
    assert.equal(narrow.union(wide), wide);
    assert.equal(wide.union(IntervalSet.of(d, [[0, 1023], [8000, 9000]])), wide);
    const both = narrow.union(IntervalSet.of(d, [[23, 80]]));
    assert.notEqual(both, narrow);
    assert.deepEqual(both.ranges, [[22, 80], [8080, 8080]]);
  });

  it('union, intersect, difference, complement, covers, has agree with Set on 2000 random cases', () => {
    const r = rng(42);
    for (let n = 0; n < 2000; n++) {
      const ra = randomRanges(r);
      const rb = randomRanges(r);
      const a = IntervalSet.of(D, ra);
      const b = IntervalSet.of(D, rb);
      const na = naive(ra);
      const nb = naive(rb);
      for (const s of [a, b, a.union(b), a.intersect(b), a.difference(b), a.complement()]) wellFormed(s);
      assert.deepEqual(members(a), na);
      assert.deepEqual(members(a.union(b)), new Set([...na, ...nb]));
      assert.deepEqual(members(a.intersect(b)), new Set([...na].filter((x) => nb.has(x))));
      assert.deepEqual(members(a.difference(b)), new Set([...na].filter((x) => !nb.has(x))));
      const comp = new Set<number>();
      for (let v = 0; v <= 63; v++) if (!na.has(v)) comp.add(v);
      assert.deepEqual(members(a.complement()), comp);
      assert.equal(a.covers(b), [...nb].every((x) => na.has(x)));
      assert.equal(a.overlaps(b), [...nb].some((x) => na.has(x)));
      assert.equal(a.size(), BigInt(na.size));
      const probe = int(r, 0, 63);
      assert.equal(a.has(probe), na.has(probe));
      assert.ok(a.complement().complement().equals(a));
    }
  });

  it('handles the domain edges (max has no successor)', () => {
    const full = IntervalSet.full(D);
    assert.ok(full.isFull());
    assert.ok(full.complement().isEmpty());
    assert.deepEqual(IntervalSet.of(D, [[60, 63], [0, 2]]).complement().ranges, [[3, 59]]);
    assert.deepEqual(IntervalSet.of(D, [[0, 5], [6, 9]]).ranges, [[0, 9]], 'adjacent ranges merge');
  });

  it('works the same over bigint (IPv6-sized) domains', () => {
    const B = bigintDomain(0n, (1n << 128n) - 1n);
    const r = rng(7);
    for (let n = 0; n < 300; n++) {
      const ra = randomRanges(r).map(([a, b]) => [BigInt(a) << 100n, (BigInt(b) << 100n) + 5n] as [bigint, bigint]);
      const rb = randomRanges(r).map(([a, b]) => [BigInt(a) << 100n, (BigInt(b) << 100n) + 5n] as [bigint, bigint]);
      const a = IntervalSet.of(B, ra);
      const b = IntervalSet.of(B, rb);
      assert.ok(a.union(b).covers(a) && a.union(b).covers(b));
      assert.ok(a.intersect(b).difference(a).isEmpty());
      assert.ok(a.difference(b).intersect(b).isEmpty());
      assert.equal(a.union(a.complement()).isFull(), true);
      assert.equal(a.size() + a.complement().size(), 1n << 128n);
    }
  });
});
