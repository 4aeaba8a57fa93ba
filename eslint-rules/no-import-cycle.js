// @ts-check
import fs from 'node:fs';
import path from 'node:path';

/**
 * Reports a relative import that leads back to the importing file through other runtime imports.
 * Type-only imports are erased by the compiler and do not count. Each file's imports are read
 * once per lint run (the cache is keyed by path and modification time).
 */
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
const cache = new Map();

/** @param {string} file @returns {string[]} */
function runtimeImports(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtime === stat.mtimeMs) return hit.deps;
  const deps = [];
  for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) if (!m[1]) deps.push(resolveTs(file, m[2]));
  cache.set(file, { mtime: stat.mtimeMs, deps });
  return deps;
}

/** `./x.js` in TypeScript source names `./x.ts`. */
const resolveTs = (from, spec) => path.resolve(path.dirname(from), spec.replace(/\.js$/, '.ts'));

/** A path of runtime imports from `start` back to `target`, or null. */
function pathBack(start, target) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length) {
    const [file, trail] = stack.pop();
    if (file === target) return trail;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const dep of runtimeImports(file)) stack.push([dep, [...trail, dep]]);
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: { type: 'problem', docs: { description: 'forbid import cycles between source files' }, schema: [], messages: { cycle: 'import cycle: {{chain}}' } },
  create(context) {
    const self = path.resolve(context.filename);
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string' || !node.source.value.startsWith('.')) return;
      if (node.importKind === 'type' || node.exportKind === 'type') return;
      const trail = pathBack(resolveTs(self, node.source.value), self);
      if (trail) context.report({ node, messageId: 'cycle', data: { chain: [self, ...trail].map((f) => path.relative(process.cwd(), f)).join(' -> ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
