import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { runRules } from '../../src/checks/run.js';
import { ingestTerraform } from '../../src/ingest/terraform/index.js';
import { filesUnder } from '../helpers/files.js';
import { mutate } from '../helpers/mutate.js';
import { int, pick, rng } from '../helpers/random.js';

/**
 * Mutates one file of a real multi-file tree (with a module) and runs the whole pipeline:
 * parse, evaluate, map, check. Nothing may throw; every problem must be a diagnostic.
 */
describe('fuzz: evaluator and mapping on mutated trees', () => {
  it('1500 mutated trees: no exception, diagnostics have positions', () => {
    const sources = ['fixtures/examples/three-tier', 'fixtures/rules/ssh-open-to-internet/fail', 'fixtures/rules/all-protocols-open-to-internet/fail'];
    const r = rng(99);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-pfuzz-'));
    for (let n = 0; n < 1500; n++) {
      const src = pick(r, sources);
      const dir = path.join(work, String(n % 20));
      fs.rmSync(dir, { recursive: true, force: true });
      fs.cpSync(src, dir, { recursive: true });
      const files = filesUnder(dir, /\.tf$/);
      const victim = files[int(r, 0, files.length - 1)]!;
      fs.writeFileSync(victim, mutate(fs.readFileSync(victim, 'utf8'), r));
      const result = ingestTerraform(dir, { vars: n % 7 === 0 ? ['admin_cidrs=[1'] : [], varFiles: [] }, work);
      for (const d of result.diagnostics) {
        assert.ok(d.message.length > 5);
        if (d.file && d.line !== undefined) assert.ok(d.line >= 1);
      }
      const checked = runRules(result.network, builtinRules);
      assert.deepEqual(checked.failures, [], `rules threw on mutation ${n}`);
    }
  });
});
