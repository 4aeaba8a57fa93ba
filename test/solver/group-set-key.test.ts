import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupSetKey } from '../../src/solver/chain-endpoints.js';
import { rng } from '../helpers/random.js';

const setName = (xs: number[]): string => [...new Set(xs)].sort((a, b) => a - b).join(',');

describe('groupSetKey', () => {
  it('two lists get the same key exactly when they hold the same set of groups (any order, repeats, 0-5 groups)', () => {
    const r = rng(5);
    for (const size of [1, 4, 50, 2 ** 17 - 1, 2 ** 17 + 5]) {
      const keys = new Map<number | string, string>();
      for (let k = 0; k < 4000; k++) {
        const n = Math.floor(r() * 6);
        const pick = Math.min(size, 12);
        const xs = Array.from({ length: n }, () => (r() < 0.5 ? Math.floor(r() * pick) : size - 1 - Math.floor(r() * pick)));
        // Inside a longer list, as the endpoint group index holds it.
        const list = Int32Array.from([7, ...xs, 9].map((x) => Math.max(0, Math.min(size - 1, x))));
        const key = groupSetKey(list, 1, 1 + n);
        const name = setName(Array.from(list.subarray(1, 1 + n)));
        const seen = keys.get(key);
        if (seen !== undefined) assert.equal(seen, name, `size ${size}: ${String(key)}`);
        else keys.set(key, name);
      }
      // And different sets never share a key.
      assert.equal(new Set(keys.values()).size, keys.size);
    }
  });
});
