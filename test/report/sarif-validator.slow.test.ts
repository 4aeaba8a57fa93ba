import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixtureDirs, sarifOf, validate } from '../helpers/sarif-validator.js';

/** The slow tier: the .NET validator over the SARIF of every fixture. */
describe('SARIF of every fixture against GitHub\'s ingestion rules', () => {
  it('the SARIF of every fixture passes sarif-multitool with GitHub\'s ingestion rules, no errors or warnings', async () => {
    const dir = fs.mkdtempSync('/tmp/sglint-sarif-');
    const files: string[] = [];
    for (const d of fixtureDirs()) {
      const f = path.join(dir, `${d.replace(/[/]/g, '_')}.sarif`);
      fs.writeFileSync(f, await sarifOf(d));
      files.push(f);
    }
    assert.ok(files.length > 80);
    assert.deepEqual(validate(files), []);
  });

  it('a validator that finds nothing is not blind: a broken file is flagged', () => {
    const dir = fs.mkdtempSync('/tmp/sglint-sarif-bad-');
    const f = path.join(dir, 'bad.sarif');
    fs.writeFileSync(f, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [] } }, results: [{ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: '/abs/path.tf' } } }] }] }] }));
    assert.ok(validate([f]).length > 0);
  });

});
