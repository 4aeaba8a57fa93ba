import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TEMPLATE_NODES, readTemplate } from '../../../src/ingest/cloudformation/template.js';

describe('CloudFormation templates: YAML aliases are bounded', () => {
  it('an alias bomb stops at the node limit with an error at the alias, in bounded time', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    const t = readTemplate(`${levels.join('\n')}\nResources: {}\n`);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(t.errors.length, 1);
    assert.equal(t.errors[0]!.message, `too large to read: the template expands to more than ${MAX_TEMPLATE_NODES} nodes through YAML aliases (limit ${MAX_TEMPLATE_NODES})`);
  });

  it('aliases that stay under the limit expand as before', () => {
    const t = readTemplate('a: &a [1, 2]\nb: [*a, *a]\n');
    assert.deepEqual(t.errors, []);
    assert.deepEqual(JSON.parse(JSON.stringify(t.value)), { a: [1, 2], b: [[1, 2], [1, 2]] });
  });

  it('an alias inside the node it names is an error, not endless recursion', () => {
    const t = readTemplate('a: &a [x, *a]\n');
    assert.deepEqual(t.errors, [{ message: 'the YAML alias *a refers to a node that contains it', offset: 10 }]);
  });
});
