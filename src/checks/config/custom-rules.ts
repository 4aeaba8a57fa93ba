import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as checksApi from '../index.js';
import { defineRule, type RuleDefinition } from '../rule-api.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { InputFileError, InputFiles } from '../../ingest/files/input-files.js';
import { securePrivateDir, userCacheDir } from './cache-dir.js';

export interface LoadedRule {
  rule: RuleDefinition<object>;
  /** The rule's source file (absolute), for errors at run time. */
  file: string;
}

const API_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const API_FILE = path.join(API_DIR, 'index.js');

/**
 * What `import ... from 'sglint'` resolves to: the package's entry point, or, inside the bundled
 * GitHub Action (no package on disk), a shim module over the rule API held by this process.
 */
function apiUrl(cache: string): string {
  if (fs.existsSync(API_FILE) && fs.existsSync(path.join(API_DIR, 'checks', 'rule-api.js'))) return pathToFileURL(API_FILE).href;
  (globalThis as { __sglintApi?: unknown }).__sglintApi = checksApi;
  const names = Object.keys(checksApi).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
  const shim = path.join(cache, 'sglint-api.mjs');
  const text = `const api = globalThis.__sglintApi;\n${names.map((n) => `export const ${n} = api.${n};`).join('\n')}\n`;
  if (!fs.existsSync(shim) || fs.readFileSync(shim, 'utf8') !== text) fs.writeFileSync(shim, text);
  return pathToFileURL(shim).href;
}
const API_DTS = path.join(API_DIR, 'index.d.ts');
const RULE_FILE = /\.(ts|mts|js|mjs)$/;
/** `from 'x'` and `import('x')` of sglint or a relative path (what the compiled rule's imports are rewritten from). */
const IMPORT_SPEC = /(\bfrom\s*|\bimport\s*\(\s*)(['"])(sglint|\.{1,2}\/[^'"]+)\2/g;

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** Cache folder for compiled rules, keyed by content: a rule is type-checked once per change. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(userCacheDir(env), 'rules');
}

/** A cached file is used only when it is a regular file of this user (never one planted by another). */
function ownFile(p: string): boolean {
  try {
    const st = fs.lstatSync(p);
    return st.isFile() && (typeof process.getuid !== 'function' || st.uid === process.getuid());
  } catch {
    return false;
  }
}

/**
 * Loads custom rules from folders (relative to the config file). TypeScript is type-checked and
 * compiled with the compiler API against sglint's own types (`import { defineRule } from 'sglint'`
 * works without installing anything); errors name the rule's file:line:column and that rule is
 * skipped, the scan goes on. Files run from a cache, never from the scanned tree.
 */
export async function loadCustomRules(folders: string[], baseDir: string, cwd: string, env: NodeJS.ProcessEnv, diagnostics: Diagnostic[], root: string = baseDir, where: (folderIndex: number) => Partial<Pick<Diagnostic, 'file' | 'line' | 'column'>> = () => ({})): Promise<LoadedRule[]> {
  const out: LoadedRule[] = [];
  // Most scans have no custom rules: no cache folder, no source-map hook for them.
  if (folders.length === 0) return out;
  const cache = cacheDir(env);
  const refused = securePrivateDir(cache);
  if (refused) {
    diagnostics.push({ severity: 'error', message: `custom rules are not loaded: the rule cache ${refused} (set SGLINT_CACHE_DIR to a folder of your own)`, ...where(0) });
    return out;
  }
  const reader = new InputFiles(root, { display: (p) => path.relative(cwd, p) || '.' });
  process.setSourceMapsEnabled(true);
  for (const [index, folder] of folders.entries()) {
    const dir = path.resolve(baseDir, folder);
    const relDir = path.relative(cwd, dir) || '.';
    let entries;
    try {
      entries = reader.isDirectory(dir) ? reader.list(dir) : null;
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      diagnostics.push({ severity: 'error', message: `customRules: ${err.message}`, ...where(index) });
      continue;
    }
    if (!entries) {
      diagnostics.push({ severity: 'error', message: `customRules: ${relDir} is not a folder`, ...where(index) });
      continue;
    }
    for (const e of entries.filter((x) => RULE_FILE.test(x.name) && !x.name.endsWith('.d.ts'))) {
      const file = e.abs;
      const rel = path.relative(cwd, file);
      if (e.kind !== 'file') {
        diagnostics.push({ severity: 'error', message: `custom rule ${rel} is not loaded: ${e.kind === 'outside' ? 'it is a symlink out of the module root' : 'it is not a regular file'}`, file: rel, line: 1, column: 1 });
        continue;
      }
      const compiled = await compile(file, rel, cache, apiUrl(cache), diagnostics, reader);
      if (!compiled) continue;
      try {
        const mod = (await import(pathToFileURL(compiled).href)) as { default?: unknown };
        const exported = Array.isArray(mod.default) ? mod.default : [mod.default];
        for (const r of exported) {
          if (!r || typeof r !== 'object') {
            diagnostics.push({ severity: 'error', message: `custom rule ${rel}: the default export must be a rule made with defineRule()`, file: rel, line: 1, column: 1 });
            continue;
          }
          out.push({ rule: defineRule(r as RuleDefinition<object>), file });
        }
      } catch (err) {
        diagnostics.push({ severity: 'error', message: `custom rule ${rel} failed to load: ${(err as Error).message}`, file: rel, ...errorPosition(err, file) });
      }
    }
  }
  return out;
}

/** file:line:column of the first stack frame inside `file` (source-mapped for TypeScript). */
export function errorPosition(err: unknown, file: string): { line: number; column: number } {
  const stack = err instanceof Error ? err.stack ?? '' : '';
  const url = pathToFileURL(file).href;
  for (const line of stack.split('\n')) {
    const m = /\((.*):(\d+):(\d+)\)$|at (.*):(\d+):(\d+)$/.exec(line.trim());
    const where = m?.[1] ?? m?.[4];
    if (where && (where === url || where === file)) return { line: Number(m![2] ?? m![5]), column: Number(m![3] ?? m![6]) };
  }
  return { line: 1, column: 1 };
}

/** Compiles (or reuses) one rule file; returns the path of the runnable module, or null after reporting errors. */
async function compile(file: string, rel: string, cache: string, api: string, diagnostics: Diagnostic[], reader: InputFiles): Promise<string | null> {
  let source: string;
  try {
    source = reader.readText(file);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    diagnostics.push({ severity: 'error', message: `custom rule ${rel} is not loaded: ${err.message}`, file: rel, line: 1, column: 1 });
    return null;
  }
  // Relative imports run too: each must stay inside the module root (checked before compiling reads them).
  for (const m of source.matchAll(IMPORT_SPEC)) {
    const spec = m[3]!;
    if (!spec.startsWith('.')) continue;
    try {
      reader.resolve(path.resolve(path.dirname(file), spec));
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      const pos = lineColumn(source, m.index + m[0].indexOf(spec));
      diagnostics.push({ severity: 'error', message: `custom rule ${rel} is not loaded: its import ${JSON.stringify(spec)} ${err.outside ? `resolves to ${err.outside}, outside the module root ${reader.root}` : err.message}`, file: rel, ...pos });
      return null;
    }
  }
  let ts: typeof import('typescript') | undefined;
  if (file.endsWith('ts')) {
    try {
      ts = (await import('typescript')).default;
    } catch {
      diagnostics.push({ severity: 'error', message: `custom rule ${rel}: TypeScript rules need the typescript package (npm i -D typescript@5), or write the rule in JavaScript; the rule is not loaded`, file: rel, line: 1, column: 1 });
      return null;
    }
  }
  const key = createHash('sha256').update(`${ts?.version ?? 'js'}\0${api}\0${file}\0${source}`).digest('hex').slice(0, 32);
  const out = path.join(cache, `${key}.mjs`);
  const errorsFile = path.join(cache, `${key}.errors.json`);
  if (ownFile(errorsFile)) {
    diagnostics.push(...(JSON.parse(fs.readFileSync(errorsFile, 'utf8')) as Diagnostic[]));
    return null;
  }
  if (ownFile(out)) return out;
  let js = source;
  if (ts) {
    const options: import('typescript').CompilerOptions = {
      strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true, types: [], lib: ['lib.es2022.d.ts'], noEmitOnError: true, inlineSourceMap: true, inlineSources: true,
      paths: { sglint: [API_DTS] }, sourceRoot: pathToFileURL(path.dirname(file)).href,
    };
    const program = ts.createProgram([file], options);
    const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length) {
      const found: Diagnostic[] = errors.map((d) => {
        const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
        const where = d.file && path.resolve(d.file.fileName) !== file ? ` (in ${d.file.fileName})` : '';
        return { severity: 'error', message: `custom rule type error: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}${where}; the rule is not loaded`, file: rel, line: pos.line + 1, column: pos.character + 1 };
      });
      fs.writeFileSync(errorsFile, JSON.stringify(found));
      diagnostics.push(...found);
      return null;
    }
    js = '';
    program.emit(program.getSourceFile(file), (name, text) => {
      if (name.endsWith('.js')) js = text;
    });
  }
  // `sglint` resolves to this installation; relative imports to the rule's own folder.
  js = js.replace(IMPORT_SPEC, (_m, head: string, q: string, spec: string) =>
    `${head}${q}${spec === 'sglint' ? api : pathToFileURL(path.resolve(path.dirname(file), spec)).href}${q}`);
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, js);
  fs.renameSync(tmp, out);
  return out;
}
