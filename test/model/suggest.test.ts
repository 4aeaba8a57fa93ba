import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean, suggest } from '../../src/model/suggest.js';

describe('suggest', () => {
  const commands = ['scan', 'diff', 'exposure', 'explain', 'reach', 'blast-radius', 'rules', 'merge', 'init', 'aws'];

  it('finds a typo, a swapped pair and a missing letter', () => {
    assert.deepEqual(suggest('scna', commands), ['scan']);
    assert.deepEqual(suggest('expalin', commands), ['explain']);
    assert.deepEqual(suggest('rule', commands), ['rules']);
  });

  it('offers nothing for a word unlike any name, nor the name itself', () => {
    assert.deepEqual(suggest('terraform', commands), []);
    assert.deepEqual(suggest('scan', commands), []);
  });

  it('a part of a longer name counts ("ssh" -> the ssh rule)', () => {
    assert.deepEqual(suggest('ssh', ['ssh-open-to-internet', 'rdp-open-to-internet']), ['ssh-open-to-internet']);
  });

  it('ranks the closest first and keeps at most three', () => {
    assert.deepEqual(suggest('ssh-open-to-internt', ['rdp-open-to-internet', 'ssh-open-to-internet']), ['ssh-open-to-internet', 'rdp-open-to-internet']);
    assert.equal(suggest('a', ['b', 'c', 'd', 'e']).length, 3);
  });

  it('didYouMean phrases one or several names, or nothing', () => {
    assert.equal(didYouMean('scna', commands), ' (did you mean "scan"?)');
    assert.equal(didYouMean('xyzzy', commands), '');
    assert.equal(didYouMean('ab', ['ac', 'ad']), ' (did you mean "ac" or "ad"?)');
  });
});
