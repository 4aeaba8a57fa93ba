import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { Unknown } from '../../model/unknown.js';
import { parseHcl } from './hcl/parser.js';
import { SourceFile } from './hcl/source.js';
import { duplicateJsonKeys, jsonPathOffset } from '../json/positions.js';
import { addFile, emptyConfig, type DuplicateDeclaration, type ModuleConfig } from './eval/config.js';
import { evalExpr } from './eval/expr.js';
import { Scope, type EvalContext } from './eval/scope.js';
import { EvalError, fromJson, newObject, type Value } from './eval/values.js';

const SKIP_DIRS = new Set(['.terraform', '.git', 'node_modules', '.terragrunt-cache']);

export interface LoadedTree {
  rootAbs: string;
  /** Module configs by directory relative to the root. */
  configs: Map<string, ModuleConfig>;
  diagnostics: Diagnostic[];
  /** Directories whose configs should be loaded on demand (module sources outside the walk). */
  load(dirRel: string): ModuleConfig | null;
  display(relToRoot: string): string;
}

/**
 * Reads every directory with .tf files under `rootAbs` (or just `onlyFile` when a single file was
 * named), parsing each file once. Syntax errors become diagnostics; the other files still load.
 */
export function loadTree(rootAbs: string, cwd: string, onlyFile?: string): LoadedTree {
  const configs = new Map<string, ModuleConfig>();
  const diagnostics: Diagnostic[] = [];
  const display = (rel: string): string => path.relative(cwd, path.join(rootAbs, rel)).split(path.sep).join('/') || '.';

  const parseInto = (config: ModuleConfig, relFile: string): void => {
    const abs = path.join(rootAbs, relFile);
    let text: string;
    try {
      text = fs.readFileSync(abs, 'utf8');
    } catch (err) {
      diagnostics.push({ severity: 'error', message: `cannot read ${display(relFile)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, file: display(relFile) });
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

  const load = (dirRel: string): ModuleConfig | null => {
    const cached = configs.get(dirRel);
    if (cached) return cached;
    let names: string[];
    try {
      names = fs.readdirSync(path.join(rootAbs, dirRel)).filter((n) => n.endsWith('.tf')).sort();
    } catch {
      return null;
    }
    if (names.length === 0) return null;
    const config = emptyConfig(dirRel);
    configs.set(dirRel, config);
    for (const n of names) parseInto(config, dirRel === '.' ? n : `${dirRel}/${n}`);
    return config;
  };

  if (onlyFile) {
    const config = emptyConfig('.');
    configs.set('.', config);
    parseInto(config, onlyFile);
  } else {
    const walk = (dirRel: string): void => {
      const abs = path.join(rootAbs, dirRel);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(abs, { withFileTypes: true });
      } catch (err) {
        diagnostics.push({ severity: 'error', message: `cannot read directory ${display(dirRel)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, file: display(dirRel) });
        return;
      }
      if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) load(dirRel);
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(dirRel === '.' ? e.name : `${dirRel}/${e.name}`);
      }
    };
    walk('.');
  }
  return { rootAbs, configs, diagnostics, load, display };
}

/** Directories that no other loaded module calls with a local `source`: each is a root module. */
export function findRoots(tree: LoadedTree): string[] {
  const called = new Set<string>();
  for (const config of tree.configs.values()) {
    for (const call of config.moduleCalls.values()) {
      const src = call.node.body.attributes.find((a) => a.name === 'source')?.expr;
      if (src?.t === 'lit' && typeof src.v === 'string' && (src.v.startsWith('./') || src.v.startsWith('../'))) {
        called.add(path.posix.normalize(path.posix.join(config.dir, src.v)));
      }
    }
  }
  return [...tree.configs.keys()].filter((d) => !called.has(d)).sort();
}

export interface VariableInputs {
  /** --var-file paths (relative to cwd), in order. */
  varFiles: string[];
  /** --var k=v, in order. */
  vars: string[];
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
    names = fs.readdirSync(dirAbs);
  } catch {
    names = [];
  }
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort();
  const files = [...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)).map((n) => path.join(dirAbs, n)), ...auto.map((n) => path.join(dirAbs, n)), ...inputs.varFiles.map((f) => path.resolve(cwd, f))];
  for (const abs of files) readVarFile(abs, path.relative(cwd, abs).split(path.sep).join('/'), values, diagnostics);
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

function readVarFile(abs: string, shown: string, out: Map<string, Value>, diagnostics: Diagnostic[]): void {
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    diagnostics.push({ severity: 'error', message: `cannot read the variables file ${shown}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, file: shown });
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    diagnostics.push({ severity: 'error', message: `invalid JSON in ${shown}: ${(err as Error).message}`, file: shown });
    return;
  }
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
