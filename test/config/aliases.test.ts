import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_YAML_ALIAS_COUNT, loadConfig } from '../../src/checks/config/load-config.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { tempTree } from '../helpers/tf.js';

describe('.sglint.yml: YAML aliases are bounded', () => {
  it('an alias bomb is an error at the first alias, not a hang or a crash', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const dir = tempTree({ '.sglint.yml': `${levels.join('\n')}\n` });
    const diagnostics: Diagnostic[] = [];
    const started = Date.now();
    loadConfig('.sglint.yml', dir, diagnostics);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0]!;
    assert.equal(`${d.file}:${d.line}:${d.column}`, '.sglint.yml:2:8');
    assert.match(d.message, new RegExp(`^invalid YAML: aliases expand too much \\(limit ${MAX_YAML_ALIAS_COUNT}\\): `));
  });
});
