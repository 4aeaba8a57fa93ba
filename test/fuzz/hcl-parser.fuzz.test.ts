import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HclSyntaxError, parseHcl } from '../../src/ingest/terraform/hcl/index.js';
import { filesUnder } from '../helpers/files.js';
import { mutate } from '../helpers/mutate.js';
import { pick, rng } from '../helpers/random.js';

describe('fuzz: HCL parser', () => {
  it('5000 mutated fixtures and corpus files: no crash, no hang, errors carry valid positions', () => {
    const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-fuzz-'));
    execFileSync('node', ['test-data/gen-terraform.mjs', corpus, '40', '2', '5'], { stdio: 'ignore' });
    const seeds = [...filesUnder('fixtures', /\.(tf|tfvars)$/), ...fs.readdirSync(corpus).map((f) => path.join(corpus, f))].map((f) => fs.readFileSync(f, 'utf8'));
    const r = rng(1234);
    const started = Date.now();
    for (let n = 0; n < 5000; n++) {
      const text = mutate(pick(r, seeds).slice(0, 6000), r);
      const result = parseHcl('fuzz.tf', text);
      for (const e of result.errors) {
        assert.ok(e instanceof HclSyntaxError);
        assert.ok(e.offset >= 0 && e.offset <= text.length, 'error offset inside the text');
        const p = result.file.position(e.offset);
        assert.ok(p.line >= 1 && p.column >= 1);
        assert.ok(e.message.length > 10);
      }
    }
    assert.ok(Date.now() - started < 60_000, 'no pathological slowness');
  });

  it('deeply nested and huge inputs do not overflow or hang', () => {
    const deep = `a = ${'['.repeat(2000)}${']'.repeat(2000)}\n`;
    const result = parseHcl('deep.tf', deep);
    assert.ok(result.errors.length <= 1);
    const unclosed = `a = ${'('.repeat(5000)}\n`;
    assert.ok(parseHcl('u.tf', unclosed).errors.length >= 1);
    const long = `a = "${'x'.repeat(1_000_000)}"\n`;
    assert.equal(parseHcl('l.tf', long).errors.length, 0);
  });
});
