import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import { ModuleInstance } from './eval/instance.js';
import { evaluateAll, type EvaluatedResource } from './eval/resources.js';
import { Runtime } from './eval/runtime.js';
import { findRoots, loadTree, rootVariableValues, type LoadedTree, type VariableInputs } from './load.js';
import { downloadModules } from './download-modules.js';
import type { RootDownloads } from './modules/download/install.js';
import { mapResources } from './map/index.js';
import { exportedResources } from './map/exported.js';
import { append } from '../../model/append.js';
import { readManifest, type ModuleManifest } from './modules/manifest.js';
import { ModuleResolver } from './modules/resolver.js';
import { InputFileError, InputFiles, moduleRootOf } from '../files/input-files.js';

export interface TerraformResult {
  network: Network;
  diagnostics: Diagnostic[];
  files: number;
  resources: number;
}

interface Prepared {
  reader: InputFiles;
  tree: LoadedTree;
  roots: string[];
}

/** Resolves the target inside the module root and loads its tree; a refused target is the result itself. */
function prepare(target: string, cwd: string, reader0?: InputFiles): Prepared | TerraformResult {
  const abs = path.resolve(cwd, target);
  const reader = reader0 ?? new InputFiles(moduleRootOf(abs), { display: (p) => path.relative(cwd, p).split(path.sep).join('/') || '.' });
  let real: string;
  try {
    real = reader.resolve(abs);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    return { network: emptyNetwork(), diagnostics: [{ severity: 'error', message: err.message, file: reader.display(abs) }], files: 0, resources: 0 };
  }
  const isFile = !reader.isDirectory(real);
  const rel = reader.relative(real);
  const tree = loadTree(reader, isFile ? path.posix.dirname(rel) : rel, cwd, isFile ? rel : undefined);
  return { reader, tree, roots: isFile ? [path.posix.dirname(rel)] : findRoots(tree) };
}

/**
 * Reads a Terraform tree (a directory, every root module in it) or a single .tf file: parse,
 * evaluate, map to the model. Every file is read through `files`, whose root (by default the
 * enclosing git work tree, else the target itself) bounds what local module sources and
 * `file()` may reach. Never throws for a user's mistake; those are diagnostics.
 */
export function ingestTerraform(target: string, vars: VariableInputs, cwd = process.cwd(), reader0?: InputFiles): TerraformResult {
  const p = prepare(target, cwd, reader0);
  return 'tree' in p ? evaluate(p, vars, cwd) : p;
}

/**
 * ingestTerraform, after fetching (with vars.modules, i.e. --download-modules) the registry, git
 * and archive modules that no modules.json installed; their packages become readable too.
 */
export async function ingestTerraformDownloading(target: string, vars: VariableInputs, cwd = process.cwd(), reader0?: InputFiles): Promise<TerraformResult> {
  const p = prepare(target, cwd, reader0);
  if (!('tree' in p) || !vars.modules) return 'tree' in p ? evaluate(p, vars, cwd) : p;
  const early: Diagnostic[] = [];
  const got = await downloadModules(p.tree, p.roots, vars.modules, early);
  for (const pkg of got.packages) p.reader.allowPackage(pkg);
  const result = evaluate(p, vars, cwd, got.byRoot);
  return { ...result, diagnostics: [...early, ...result.diagnostics] };
}

function evaluate({ reader, tree, roots }: Prepared, vars: VariableInputs, cwd: string, downloads?: Map<string, RootDownloads>): TerraformResult {
  const walked = tree.diagnostics.length; // read and parse errors of the directories walked up front
  const diagnostics: Diagnostic[] = [];
  const resources: EvaluatedResource[] = [];
  for (const dir of roots) {
    const config = tree.configs.get(dir);
    if (!config) continue;
    const inputs = rootVariableValues(tree, dir, vars, cwd, diagnostics);
    const runtime = new Runtime(reader, dir, (d) => tree.load(d), inputs, installedModules(reader, dir, tree.display, diagnostics, downloads?.get(dir)));
    append(resources, evaluateAll(new ModuleInstance(runtime, config, '', null)));
    append(diagnostics, runtime.diagnostics);
  }
  const mapped = resources.length ? mapResources(resources, exportedResources(tree.configs.values())) : { network: emptyNetwork(), diagnostics: [] };
  const files = [...tree.configs.values()].reduce((n, c) => n + c.files.length, 0);
  // Walked files first, then evaluation, then modules loaded on demand while evaluating, then mapping.
  const all = [...tree.diagnostics.slice(0, walked), ...diagnostics, ...tree.diagnostics.slice(walked), ...mapped.diagnostics];
  return { network: mapped.network, diagnostics: all, files, resources: resources.length };
}

/** The resolver of one root module's remote calls, from the modules.json `terraform init` left. */
function installedModules(reader: InputFiles, dir: string, display: (rel: string) => string, diagnostics: Diagnostic[], downloaded?: RootDownloads): ModuleResolver {
  let manifest: ModuleManifest | null = null;
  try {
    manifest = readManifest(path.join(reader.root, dir), (file) => reader.readText(file));
  } catch (err) {
    const file = display(path.posix.join(dir, '.terraform/modules/modules.json'));
    diagnostics.push({ severity: 'error', message: `${file} ${(err as Error).message}`, file });
  }
  return new ModuleResolver(manifest, display(dir), downloaded?.downloaded, downloaded?.failures);
}

export type { VariableInputs } from './load.js';
