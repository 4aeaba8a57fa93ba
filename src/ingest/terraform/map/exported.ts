import path from 'node:path';
import type { Body } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';
import type { ModuleConfig } from '../eval/config.js';
import { references } from './refs.js';

/** Key of a resource as written in one module folder: `dir` + `type.name`. */
export const exportKey = (file: SourceFile, ref: string): string => `${path.posix.dirname(file.path)}\0${ref}`;

/**
 * Resources handed out of what sglint scans: named by an output (another stack or a parent
 * reads it) or passed to a module that is not scanned (a registry or git source). A group
 * handed out this way is in use even when nothing scanned attaches it.
 */
export function exportedResources(configs: Iterable<ModuleConfig>): Set<string> {
  const out = new Set<string>();
  const collect = (body: Body, file: SourceFile): void => {
    for (const a of body.attributes) {
      const refs: { text: string; resource: boolean }[] = [];
      references(a.expr, file.text, refs);
      for (const r of refs) if (r.resource) out.add(exportKey(file, r.text.replace(/\[[^\]]*\]$/, '')));
    }
    for (const b of body.blocks) collect(b.body, file);
  };
  for (const config of configs) {
    for (const o of config.outputs.values()) collect(o.node.body, o.file);
    for (const m of config.moduleCalls.values()) {
      const source = m.node.body.attributes.find((a) => a.name === 'source');
      const local = !!source && /^"?\.{1,2}[/\\]/.test(m.file.text.slice(source.expr.s, source.expr.e));
      if (!local) collect(m.node.body, m.file);
    }
  }
  return out;
}
