import type { Span } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';
import { expandBlocks, type EvaluatedBody, type EvaluatedAttr } from './blocks.js';
import type { ModuleInstance } from './instance.js';
import { META } from './resource-instance.js';

/** A managed resource instance with every attribute and nested block evaluated. */
export interface EvaluatedResource {
  address: string;
  type: string;
  name: string;
  /** "module.web." or "" for the root module. */
  modulePrefix: string;
  file: SourceFile;
  span: Span;
  body: EvaluatedBody;
}

/** Walks the root module instance and every child instance, evaluating all managed resources. */
export function evaluateAll(root: ModuleInstance): EvaluatedResource[] {
  const out: EvaluatedResource[] = [];
  const visit = (m: ModuleInstance): void => {
    for (const decl of m.config.resources.values()) {
      for (const { item } of m.resourceInstances(decl)) {
        const attrs: Record<string, EvaluatedAttr> = Object.create(null) as Record<string, EvaluatedAttr>;
        for (const a of decl.block.body.attributes) {
          if (!META.has(a.name)) attrs[a.name] = { value: item.written(a.name, a), span: a };
        }
        const blocks = expandBlocks(m, decl.block.body, item.scope, decl.file);
        out.push({ address: item.address, type: decl.type, name: decl.name, modulePrefix: m.prefix, file: decl.file, span: decl.block, body: { attrs, blocks } });
      }
    }
    for (const child of m.children()) visit(child);
  };
  visit(root);
  return out;
}
