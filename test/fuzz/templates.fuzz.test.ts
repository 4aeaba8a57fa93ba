import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtinRules } from '../../rules/index.js';
import { runRules } from '../../src/checks/run.js';
import { ingestCloudFormation } from '../../src/ingest/cloudformation/index.js';
import { ingestPlan } from '../../src/ingest/tfplan/index.js';
import { ingestAwsCli } from '../../src/ingest/awscli/index.js';
import { spawnSync } from 'node:child_process';
import { mutate } from '../helpers/mutate.js';
import { pick, rng } from '../helpers/random.js';

/**
 * A copy of `doc` with one random node (reached by a walk of up to `maxDepth` random steps)
 * replaced by one of `odd`: valid JSON of the wrong shape.
 */
function withOddValue(doc: unknown, r: () => number, maxDepth: number, odd: unknown[]): unknown {
  const copy = structuredClone(doc);
  let node: unknown = copy;
  let parent: Record<string | number, unknown> | undefined;
  let key: string | number | undefined;
  for (let depth = 0; depth < 1 + Math.floor(r() * maxDepth) && node && typeof node === 'object'; depth++) {
    const keys = Array.isArray(node) ? node.map((_x, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node as Record<string | number, unknown>;
    key = pick(r, keys as (string | number)[]);
    node = parent[key];
  }
  if (parent !== undefined && key !== undefined) parent[key] = pick(r, odd);
  return copy;
}

/** A mutated CloudFormation template or plan JSON never throws: every problem is a diagnostic with a position. */
function check(ingest: (file: string, cwd: string) => { network: Parameters<typeof runRules>[0]; diagnostics: { message: string; file?: string; line?: number; column?: number }[] }, sources: string[], name: string, runs: number, seed: number): void {
  const r = rng(seed);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-tfuzz-'));
  const texts = sources.map((s) => fs.readFileSync(s, 'utf8'));
  for (let n = 0; n < runs; n++) {
    fs.writeFileSync(path.join(work, name), mutate(pick(r, texts), r));
    const result = ingest(name, work);
    for (const d of result.diagnostics) {
      assert.ok(d.message.length > 5);
      if (d.line !== undefined) assert.ok(d.line >= 1 && (d.column ?? 1) >= 1, `${d.file}:${d.line}:${d.column}`);
    }
    assert.deepEqual(runRules(result.network, builtinRules).failures, [], `rules threw on mutation ${n}`);
  }
}

describe('fuzz: CloudFormation, plan JSON and AWS CLI snapshot readers', () => {
  it('600 mutated templates (YAML and JSON)', () => {
    check(ingestCloudFormation, ['fixtures/cloudformation/three-tier/template.yaml', 'fixtures/cloudformation/layers/template.yaml', 'fixtures/cloudformation/cdk/Stack.template.json'], 'template.yaml', 600, 17);
  });

  it('150 mutated plans (text)', () => {
    check((f, cwd) => ingestPlan(f, cwd), ['fixtures/plans/layers.plan.json'], 'plan.json', 150, 23);
  });

  it('300 templates with a value of the wrong type somewhere (valid JSON, wrong shape)', () => {
    const r = rng(37);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cfuzz-'));
    const base = JSON.parse(fs.readFileSync('fixtures/cloudformation/cdk/Stack.template.json', 'utf8')) as unknown;
    const odd: unknown[] = [null, [], {}, 'x', 7, true, [null], { Ref: 'Nope' }, { 'Fn::GetAtt': 5 }, { 'Fn::If': ['C'] }, { 'Fn::Sub': ['${X}', 3] }, { 'Fn::Join': 1 }];
    for (let n = 0; n < 300; n++) {
      fs.writeFileSync(path.join(work, 'template.json'), JSON.stringify(withOddValue(base, r, 7, odd), null, 1));
      const result = ingestCloudFormation('template.json', work);
      for (const d of result.diagnostics) assert.ok(d.message.length > 5 && (d.line ?? 1) >= 1);
      assert.deepEqual(runRules(result.network, builtinRules).failures, [], `rules threw on mutation ${n}`);
    }
  });

  it('300 plans with a value of the wrong type somewhere (valid JSON, wrong shape), both sides', () => {
    const r = rng(31);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-pfuzz-'));
    const base = JSON.parse(fs.readFileSync('fixtures/plans/three-tier.plan.json', 'utf8')) as unknown;
    const odd: unknown[] = [null, [], {}, 'x', 7, true, [null], [{}], { address: 1 }];
    for (let n = 0; n < 300; n++) {
      fs.writeFileSync(path.join(work, 'plan.json'), JSON.stringify(withOddValue(base, r, 8, odd)));
      for (const side of ['after', 'before'] as const) {
        const result = ingestPlan('plan.json', work, side);
        for (const d of result.diagnostics) assert.ok(d.message.length > 5);
        assert.deepEqual(runRules(result.network, builtinRules).failures, [], `rules threw on mutation ${n}`);
      }
    }
  });

  it('300 AWS CLI snapshots with a value of the wrong type somewhere', () => {
    const r = rng(41);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-sfuzz-'));
    const base = JSON.parse(spawnSync(process.execPath, [path.resolve('test-data/gen-aws-snapshot.mjs'), '30', '10', '3'], { encoding: 'utf8' }).stdout) as unknown;
    const odd: unknown[] = [null, [], {}, 'x', 7, true, [null], [{}], { GroupId: 1 }];
    for (let n = 0; n < 300; n++) {
      fs.writeFileSync(path.join(work, 'snap.json'), JSON.stringify(withOddValue(base, r, 6, odd)));
      const result = ingestAwsCli(['snap.json'], work);
      for (const d of result.diagnostics) assert.ok(d.message.length > 5);
      assert.deepEqual(runRules(result.network, builtinRules).failures, [], `rules threw on mutation ${n}`);
    }
  });
});
