import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdSet } from '../../../src/ingest/awscli/id-set.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('IdSet', () => {
  it('answers like a Set on random ids with repeats, growing past its first size', () => {
    const r = rng(11);
    for (let round = 0; round < 20; round++) {
      const ids = new IdSet(round % 3 === 0 ? 0 : 50);
      const set = new Set<unknown>();
      for (let k = 0; k < 5000; k++) {
        // Few distinct values: many repeats. Strings built anew each time (as JSON.parse makes them).
        const n = Math.floor(r() * 3000);
        const v: unknown = r() < 0.05 ? (r() < 0.5 ? n : null) : `eni-${n.toString(16).padStart(17, '0')}`.slice(0);
        const had = set.has(v);
        set.add(v);
        assert.equal(ids.add(v), !had, `round ${round}, value ${String(v)}`);
      }
    }
  });

  it('tells apart ids that differ in one character, and accepts empty and non-ASCII ids', () => {
    const ids = new IdSet();
    for (const v of ['', 'eni-1', 'eni-2', 'eni-10', 'ení-1', 'eni-1 ']) assert.equal(ids.add(v), true, v);
    for (const v of ['', 'eni-1', 'ení-1']) assert.equal(ids.add(v), false, v);
  });
});
