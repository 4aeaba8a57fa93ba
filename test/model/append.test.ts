import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { append } from '../../src/model/append.js';

describe('append', () => {
  it('appends 1,000,000 items without overflowing the stack (push(...xs) would)', () => {
    const big = Array.from({ length: 1_000_000 }, (_x, i) => i);
    assert.throws(() => [].push(...(big as never[])), RangeError);
    const out = append([-1], big);
    assert.equal(out.length, 1_000_001);
    assert.equal(out[1_000_000], 999_999);
  });
});
