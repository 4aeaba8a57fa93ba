import path from 'node:path';
import type { Body } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';
import { callConstraints } from '../modules/resolver.js';
import { parseModuleSource } from '../modules/source-address.js';
import { MAX_MODULE_DEPTH, tooLarge } from './budget.js';
import { attribute, type ModuleConfig } from './config.js';
import type { ModuleInstance } from './instance.js';
import { EvalError } from './values.js';

/**
 * The configuration a module call loads: a local path resolved inside the root, or a registry,
 * git or archive source resolved to the folder `terraform init` (or --download-modules) put it
 * in. Null, with a diagnostic, when it cannot be read.
 */
export function childModuleConfig(parent: ModuleInstance, name: string, body: Body, file: SourceFile): ModuleConfig | null {
  const { runtime } = parent;
  const source = attribute(body, 'source');
  if (!source) {
    runtime.report(file, body, 'error', `module "${name}" has no source attribute`);
    return null;
  }
  const src = source.expr.t === 'lit' && typeof source.expr.v === 'string' ? source.expr.v : null;
  if (src === null) {
    runtime.report(file, source.expr, 'error', `the source of module "${name}" must be a literal string`);
    return null;
  }
  const parsed = parseModuleSource(src);
  if (!parsed) {
    runtime.report(file, source.expr, 'error', `module "${name}": ${JSON.stringify(src)} is not a module source Terraform accepts (a local path starting with ./ or ../, a registry address namespace/name/provider, or a git::, https:// or other remote address)`);
    return null;
  }
  let dir: string;
  if (parsed.kind === 'local') {
    try {
      dir = runtime.confine(parent.config.dir, src, source.expr);
      // A downloaded package's local calls stay inside that package, as Terraform requires.
      const files = runtime.files;
      const pkg = files.packageOf(path.join(files.root, parent.config.dir));
      if (pkg && files.packageOf(path.join(files.root, dir)) !== pkg) throw new EvalError(`${JSON.stringify(src)} leaves the downloaded package ${pkg}; a module's local sources must stay inside its package`, source.expr);
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      runtime.report(file, source.expr, 'error', `module "${name}": ${err.message}`);
      return null;
    }
  } else {
    const version = attribute(body, 'version');
    const versionText = version?.expr.t === 'lit' && typeof version.expr.v === 'string' ? version.expr.v : null;
    if (version && versionText === null) {
      runtime.report(file, version.expr, 'error', `the version of module "${name}" must be a literal string`);
      return null;
    }
    let constraints;
    try {
      constraints = callConstraints(versionText, parsed);
    } catch (err) {
      runtime.report(file, version!.expr, 'error', `module "${name}": ${(err as Error).message}`);
      return null;
    }
    const key = parent.key ? `${parent.key}.${name}` : name;
    const found = runtime.modules.resolve({ key, source: parsed, raw: src, constraints, versionText });
    if ('missing' in found) {
      runtime.report(file, source.expr, 'warning', `module "${name}" comes from ${JSON.stringify(src)}, which is not a local path, and ${found.missing}; its resources are not scanned and its outputs are unknown`);
      return null;
    }
    for (const w of found.warnings) runtime.report(file, w.about === 'version' && version ? version.expr : source.expr, 'warning', `module "${name}": ${w.message}`);
    try {
      dir = runtime.confine('.', found.dirAbs, source.expr);
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      runtime.report(file, source.expr, 'error', `module "${name}": ${err.message}`);
      return null;
    }
  }
  const cycle = callCycle(parent, dir);
  if (cycle) {
    runtime.report(file, source.expr, 'error', `module "${name}": module calls form a cycle (${cycle.join(' -> ')}); a module cannot call itself, directly or through other modules`);
    return null;
  }
  if (depthOf(parent) >= MAX_MODULE_DEPTH) {
    runtime.report(file, source.expr, 'error', tooLarge(`module calls nested too deeply`, MAX_MODULE_DEPTH, null).message);
    return null;
  }
  const config = runtime.loadConfig(dir);
  if (!config) runtime.report(file, source.expr, 'error', `module "${name}": ${JSON.stringify(src)} (${dir}) has no .tf files`);
  return config;
}

/** The module folders from the one `dir` repeats down to `dir` again, if the call chain holds it. */
function callCycle(parent: ModuleInstance, dir: string): string[] | null {
  const chain: string[] = [];
  for (let m: ModuleInstance | null = parent; m; m = m.caller) {
    chain.unshift(m.config.dir);
    if (m.config.dir === dir) return [...chain, dir];
  }
  return null;
}

function depthOf(m: ModuleInstance): number {
  let depth = 0;
  for (let c = m.caller; c; c = c.caller) depth++;
  return depth;
}
