import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { Unknown } from '../../model/unknown.js';
import { InputFileError, type Entry, type InputFiles } from '../files/input-files.js';
import { parseJson } from '../files/json-error.js';
import { parseHcl } from './hcl/parser.js';
import type { ModuleDownloadSettings } from './modules/download/settings.js';
import { SourceFile } from './hcl/source.js';
import { duplicateJsonKeys, jsonPathOffset } from '../json/positions.js';
import { addFile, emptyConfig, type DuplicateDeclaration, type ModuleConfig } from './eval/config.js';
import { evalExpr } from './eval/expr.js';
import { Budget } from './eval/budget.js';
import { Scope, type EvalContext } from './eval/scope.js';
import { EvalError, fromJson, newObject, type Value } from './eval/values.js';

const SKIP_DIRS = new Set(['.terraform', '.git', 'node_modules', '.terragrunt-cache']);

export interface LoadedTree {
  /** The module root (absolute, real): every module directory is keyed relative to it. */
  rootAbs: string;
  files: InputFiles;
  /** Module configs by directory relative to the module root. */
  configs: Map<string, ModuleConfig>;
  diagnostics: Diagnostic[];
  /** Directories whose configs should be loaded on demand (module sources outside the walk). */
  load(dirRel: string): ModuleConfig | null;
  display(relToRoot: string): string;
}

/**
 * Reads every directory with .tf files under `startRel` (a folder relative to the module root),
 * or just `onlyFile` (relative to the root) when a single file was named, parsing each file once
 * through the confined reader. Read and syntax errors become diagnostics; the other files still load.
 */
export function loadTree(files: InputFiles, startRel: string, cwd: string, onlyFile?: string): LoadedTree {
  const rootAbs = files.root;
  const configs = new Map<string, ModuleConfig>();
  const diagnostics: Diagnostic[] = [];
  // A downloaded package's files (outside the module root) are shown by their absolute path.
  const display = (rel: string): string => {
    const abs = path.join(rootAbs, rel);
    return files.inRoot(abs) ? path.relative(cwd, abs).split(path.sep).join('/') || '.' : abs.split(path.sep).join('/');
  };
  const join = (dir: string, name: string): string => (dir === '.' ? name : `${dir}/${name}`);

  const parseInto = (config: ModuleConfig, relFile: string): void => {
    let text: string;
    try {
      text = files.readText(path.join(rootAbs, relFile));
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      diagnostics.push({ severity: 'error', message: err.message, file: display(relFile), line: 1, column: 1 });
      return;
    }
    const result = parseHcl(display(relFile), text);
    for (const e of result.errors) {
      const pos = result.file.position(e.offset);
      diagnostics.push({ severity: 'error', message: e.message, file: result.file.path, line: pos.line, column: pos.column });
    }
    const dups: DuplicateDeclaration[] = [];
    addFile(config, result.file, result.body, dups);
    for (const d of dups) {
      const pos = d.file.position(d.offset);
      diagnostics.push({ severity: 'error', message: d.message, file: d.file.path, line: pos.line, column: pos.column });
    }
  };

  const listing = (dirRel: string): Entry[] | null => {
    try {
      return files.list(path.join(rootAbs, dirRel));
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      diagnostics.push({ severity: 'error', message: err.message, file: display(dirRel) });
      return null;
    }
  };

  const load = (dirRel: string): ModuleConfig | null => {
    const cached = configs.get(dirRel);
    if (cached) return cached;
    let entries: Entry[];
    try {
      entries = files.list(path.join(rootAbs, dirRel)).filter((e) => e.name.endsWith('.tf') && e.kind !== 'dir');
    } catch {
      return null;
    }
    if (entries.length === 0) return null;
    const config = emptyConfig(dirRel);
    configs.set(dirRel, config);
    for (const e of entries) {
      // Terraform would read a symlinked .tf file; one pointing outside the root or nowhere is refused at the file.
      if (e.kind === 'file') parseInto(config, join(dirRel, e.name));
      else diagnostics.push({ severity: 'error', message: refusal(e, files), file: display(join(dirRel, e.name)), line: 1, column: 1 });
    }
    return config;
  };

  if (onlyFile) {
    const dir = path.posix.dirname(onlyFile);
    const config = emptyConfig(dir);
    configs.set(dir, config);
    parseInto(config, onlyFile);
  } else {
    // Folder symlinks are not followed by the walk (a module source may still name one): no loops, no escapes.
    const walk = (dirRel: string): void => {
      const entries = listing(dirRel);
      if (!entries) return;
      if (entries.some((e) => e.name.endsWith('.tf') && e.kind !== 'dir')) load(dirRel);
      for (const e of entries) {
        if (e.kind === 'dir' && !e.symlink && !SKIP_DIRS.has(e.name)) walk(join(dirRel, e.name));
        // Terragrunt's working copies duplicate the source it points at; reading them would report it twice.
        if (e.name === '.terragrunt-cache' && e.kind === 'dir') diagnostics.push({ severity: 'info', message: `${display(join(dirRel, e.name))} is skipped (Terragrunt's working copies): scan the Terraform source its terragrunt.hcl points at, or a plan JSON`, file: display(join(dirRel, e.name)) });
      }
    };
    walk(startRel);
  }
  return { rootAbs, files, configs, diagnostics, load, display };
}

function refusal(e: Entry, files: InputFiles): string {
  if (e.kind === 'other') return `${files.display(e.abs)} is not a regular file (a device, FIFO or socket); sglint reads only regular files`;
  try {
    files.resolve(e.abs);
  } catch (err) {
    if (err instanceof InputFileError) return err.message;
    throw err;
  }
  return `${files.display(e.abs)} is a dangling symlink: its target does not exist`;
}

/**
 * Directories that no other loaded module calls with a local `source`: each is a root module.
 * Modules that only call each other in a cycle (or a module calling itself) have no such
 * caller: the first of each is a root too, so the cycle is reported, not silently skipped.
 */
export function findRoots(tree: LoadedTree): string[] {
  const calls = new Map<string, string[]>();
  const called = new Set<string>();
  for (const config of tree.configs.values()) {
    const targets: string[] = [];
    for (const call of config.moduleCalls.values()) {
      const src = call.node.body.attributes.find((a) => a.name === 'source')?.expr;
      if (src?.t === 'lit' && typeof src.v === 'string' && (src.v.startsWith('./') || src.v.startsWith('../'))) {
        const dir = calledDir(tree, config.dir, src.v);
        targets.push(dir);
        if (dir !== config.dir) called.add(dir);
      }
    }
    calls.set(config.dir, targets);
  }
  const dirs = [...tree.configs.keys()].sort();
  const roots = dirs.filter((d) => !called.has(d));
  const reached = new Set<string>();
  const reach = (start: string): void => {
    const todo = [start];
    for (let d = todo.pop(); d !== undefined; d = todo.pop()) {
      if (reached.has(d)) continue;
      reached.add(d);
      todo.push(...(calls.get(d) ?? []));
    }
  };
  roots.forEach(reach);
  for (const d of dirs) {
    if (reached.has(d)) continue;
    roots.push(d);
    reach(d);
  }
  return roots.sort();
}

/** The module root-relative folder a local source names, symlinks resolved as the evaluator resolves them. */
function calledDir(tree: LoadedTree, from: string, source: string): string {
  const lexical = path.posix.normalize(path.posix.join(from, source));
  try {
    return tree.files.relative(tree.files.resolve(path.join(tree.rootAbs, lexical)));
  } catch {
    return lexical;
  }
}

export interface VariableInputs {
  /** --var-file paths (relative to cwd), in order. */
  varFiles: string[];
  /** --var k=v, in order. */
  vars: string[];
  /** --download-modules: fetch the remote modules terraform init has not installed. */
  modules?: ModuleDownloadSettings | undefined;
}

/**
 * Root variable values: terraform.tfvars(.json), *.auto.tfvars(.json) in lexical order, then
 * --var-file, then --var; later sources win (Terraform's precedence).
 */
export function rootVariableValues(tree: LoadedTree, rootDir: string, inputs: VariableInputs, cwd: string, diagnostics: Diagnostic[]): Map<string, Value> {
  const values = new Map<string, Value>();
  const dirAbs = path.join(tree.rootAbs, rootDir);
  let names: string[] = [];
  try {
    names = tree.files.list(dirAbs).filter((e) => e.kind !== 'dir').map((e) => e.name);
  } catch {
    names = [];
  }
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort();
  const files = [...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)).map((n) => path.join(dirAbs, n)), ...auto.map((n) => path.join(dirAbs, n)), ...inputs.varFiles.map((f) => path.resolve(cwd, f))];
  for (const abs of files) readVarFile(tree.files, abs, path.relative(cwd, abs).split(path.sep).join('/'), values, diagnostics);
  for (const kv of inputs.vars) {
    const eq = kv.indexOf('=');
    if (eq <= 0) {
      diagnostics.push({ severity: 'error', message: `--var ${JSON.stringify(kv)}: expected NAME=VALUE` });
      continue;
    }
    const raw = kv.slice(eq + 1);
    values.set(kv.slice(0, eq), /^\s*[[{]/.test(raw) ? constantExpression(raw, `--var ${kv.slice(0, eq)}`, diagnostics) : raw);
  }
  return values;
}

function readVarFile(files: InputFiles, abs: string, shown: string, out: Map<string, Value>, diagnostics: Diagnostic[]): void {
  let text: string;
  try {
    text = files.readText(abs);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    diagnostics.push({ severity: 'error', message: err.message, file: shown, line: 1, column: 1 });
    return;
  }
  if (abs.endsWith('.json')) {
    readJsonVarFile(text, shown, out, diagnostics);
    return;
  }
  const parsed = parseHcl(shown, text);
  for (const e of parsed.errors) {
    const pos = parsed.file.position(e.offset);
    diagnostics.push({ severity: 'error', message: e.message, file: shown, line: pos.line, column: pos.column });
  }
  const ctx = constantContext(parsed.file);
  for (const a of parsed.body.attributes) {
    try {
      out.set(a.name, evalExpr(a.expr, new Scope(ctx)));
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      const pos = parsed.file.position((err.span ?? a).s);
      diagnostics.push({ severity: 'error', message: err.message, file: shown, line: pos.line, column: pos.column });
    }
  }
}

/** A `.tfvars.json`: one object; Terraform rejects a repeated name (JSON.parse would keep the last). */
function readJsonVarFile(text: string, shown: string, out: Map<string, Value>, diagnostics: Diagnostic[]): void {
  const parsed = parseJson(text);
  if (parsed.error) {
    diagnostics.push({ severity: 'error', message: parsed.error.message, file: shown, line: parsed.error.line, column: parsed.error.column });
    return;
  }
  const value = parsed.value;
  const file = new SourceFile(shown, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push({ severity: 'error', message: 'a variables file in JSON must be one object of variable names to values', file: shown, ...file.position(jsonPathOffset(text, [])) });
    return;
  }
  for (const dup of duplicateJsonKeys(text)) {
    const first = file.position(dup.first);
    const where = `line ${first.line}, column ${first.column}`;
    const message = dup.depth === 1 ? `duplicate attribute definition: the argument ${JSON.stringify(dup.key)} was already set at ${where}` : `duplicate object attribute: an attribute named ${JSON.stringify(dup.key)} was already defined at ${where}`;
    diagnostics.push({ severity: 'error', message, file: shown, ...file.position(dup.offset) });
  }
  for (const [k, v] of Object.entries(value)) out.set(k, fromJson(v));
}

/** Variable files may contain only constants: any reference is an error. */
function constantContext(file: SourceFile): EvalContext {
  const fail = (what: string, at: { s: number; e: number }): never => {
    throw new EvalError(`${what} is not allowed in a variables file; only constant values are`, at);
  };
  return {
    file,
    modulePath: '.',
    resolve: (root, _names, span) => fail(`a reference to "${root}"`, span),
    readFile: (_p, span) => fail('file()', span),
    fileExists: (_p, span) => fail('fileexists()', span),
    renderTemplate: (_t, _v, span) => fail('templatefile()', span),
    fileSet: (_p, _m, span) => fail('fileset()', span),
    budget: new Budget(),
    // A file function's read failure is reported through warn: here it stays the error it is.
    warn: (_message, span) => fail('reading a file', span),
  };
}

function constantExpression(text: string, what: string, diagnostics: Diagnostic[]): Value {
  const parsed = parseHcl(what, `v = ${text}\n`);
  const attr = parsed.body.attributes[0];
  if (parsed.errors.length || !attr) {
    diagnostics.push({ severity: 'error', message: `${what}: ${parsed.errors[0]?.message ?? 'expected a value'}` });
    return new Unknown(`${what} could not be parsed`);
  }
  try {
    return evalExpr(attr.expr, new Scope(constantContext(parsed.file)));
  } catch (err) {
    diagnostics.push({ severity: 'error', message: `${what}: ${(err as Error).message}` });
    return newObject();
  }
}
