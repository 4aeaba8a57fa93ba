import { Unknown } from '../../../model/unknown.js';
import type { Block, Body, Span } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';
import { attribute } from './config.js';
import { entries } from './expr.js';
import type { ModuleInstance } from './instance.js';
import { STAND_IN, type Scope } from './scope.js';
import { EvalError, newObject, type Value } from './values.js';
import { append } from '../../../model/append.js';

export interface EvaluatedAttr {
  value: Value;
  span: Span;
}

export interface EvaluatedBody {
  attrs: Record<string, EvaluatedAttr>;
  blocks: EvaluatedBlock[];
}

export interface EvaluatedBlock {
  type: string;
  labels: string[];
  body: EvaluatedBody;
  /** The written block: for dynamic blocks, the `content` block that produced it. */
  span: Span;
  file: SourceFile;
  /** Set when a dynamic block's for_each was unknown: the block stands for "zero or more like this". */
  unknown?: string;
}

/** Evaluates a nested body: attributes, nested blocks, and `dynamic` blocks expanded per element. */
export function evaluateBody(module: ModuleInstance, body: Body, scope: Scope, file: SourceFile, skip?: Set<string>): EvaluatedBody {
  const attrs: Record<string, EvaluatedAttr> = Object.create(null) as Record<string, EvaluatedAttr>;
  for (const a of body.attributes) {
    if (skip?.has(a.name)) continue;
    attrs[a.name] = { value: module.evaluate(a.expr, scope, file), span: a };
  }
  return { attrs, blocks: expandBlocks(module, body, scope, file) };
}

export function expandBlocks(module: ModuleInstance, body: Body, scope: Scope, file: SourceFile): EvaluatedBlock[] {
  const out: EvaluatedBlock[] = [];
  for (const b of body.blocks) {
    if (b.type === 'dynamic') append(out, expandDynamic(module, b, scope, file));
    else if (b.type !== 'lifecycle' && b.type !== 'provisioner' && b.type !== 'connection') {
      out.push({ type: b.type, labels: b.labels, body: evaluateBody(module, b.body, scope, file), span: b, file });
    }
  }
  return out;
}

function expandDynamic(module: ModuleInstance, block: Block, scope: Scope, file: SourceFile): EvaluatedBlock[] {
  const type = block.labels[0];
  const content = block.body.blocks.find((b) => b.type === 'content');
  const forEach = attribute(block.body, 'for_each');
  if (!type || !content || !forEach) {
    module.runtime.report(file, block, 'error', 'a dynamic block needs a label, a for_each argument and a content block');
    return [];
  }
  const iteratorAttr = attribute(block.body, 'iterator');
  const iterator = iteratorAttr?.expr.t === 'var' ? iteratorAttr.expr.name : type;
  const coll = module.evaluate(forEach.expr, scope, file);
  const make = (key: Value, value: Value, unknown?: string): EvaluatedBlock => {
    const iter = Object.assign(newObject(), { key, value });
    const body = evaluateBody(module, content.body, scope.with(unknown ? { [iterator]: iter, [STAND_IN]: true } : { [iterator]: iter }), file);
    return { type, labels: [], body, span: content, file, ...(unknown ? { unknown } : {}) };
  };
  if (coll instanceof Unknown) {
    module.runtime.report(file, forEach.expr, 'warning', `the for_each of dynamic "${type}" is not known statically (${coll.reason}); its blocks are scanned with unknown values`);
    return [make(coll, coll, coll.reason)];
  }
  if (coll === null) return [];
  try {
    const items = entries(coll, forEach.expr);
    module.runtime.budget.charge(items.length, forEach.expr);
    return items.map(([k, v]) => make(k, v));
  } catch (err) {
    if (!(err instanceof EvalError)) throw err;
    module.runtime.report(err.where?.file ?? file, err.where?.span ?? err.span, 'error', err.message);
    return [];
  }
}
