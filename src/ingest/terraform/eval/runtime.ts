import path from 'node:path';
import type { Diagnostic, DiagnosticSeverity } from '../../../model/diagnostic.js';
import { InputFileError, type InputFiles } from '../../files/input-files.js';
import type { Span } from '../hcl/ast.js';
import { Budget } from './budget.js';
import type { SourceFile } from '../hcl/source.js';
import type { ModuleConfig } from './config.js';
import { ModuleResolver } from '../modules/resolver.js';
import { EvalError, type Value } from './values.js';

/** State shared by every module instance of one root module's evaluation: the root, loaded configs, diagnostics. */
export class Runtime {
  readonly diagnostics: Diagnostic[] = [];
  readonly budget = new Budget();
  private readonly seen = new Set<string>();

  constructor(
    /** The confined reader; its root is the module root every path must stay inside. */
    readonly files: InputFiles,
    /** The root module's directory relative to the module root: Terraform's working directory. */
    readonly rootModuleDir: string,
    /** Loads (and caches) the module in a directory relative to the module root; null if it has no .tf files. */
    readonly loadConfig: (dirRel: string) => ModuleConfig | null,
    /** Root module variable values from tfvars files and --var, already parsed. */
    readonly rootInputs: Map<string, Value>,
    /** Where registry, git and archive module calls of this root module were installed. */
    readonly modules: ModuleResolver = new ModuleResolver(null, '.'),
  ) {}

  report(file: SourceFile, span: Span | null, severity: DiagnosticSeverity, message: string): void {
    const pos = span ? file.position(span.s) : { line: 1, column: 1 };
    const key = `${file.path}:${pos.line}:${pos.column}:${message}`;
    if (this.seen.has(key)) return; // the same module instantiated twice reports its mistakes once
    this.seen.add(key);
    this.diagnostics.push({ severity, message, file: file.path, line: pos.line, column: pos.column });
  }

  /**
   * Resolves `rel` against a directory (relative to the module root) and returns the path
   * relative to the module root, or throws when it escapes the root (symlinks included).
   */
  confine(baseDir: string, rel: string, at: Span): string {
    try {
      return this.files.relative(this.files.resolve(path.resolve(this.files.root, baseDir, rel)));
    } catch (err) {
      if (err instanceof InputFileError) {
        if (!err.outside) throw new EvalError(err.message, at);
        throw new EvalError(`${JSON.stringify(rel)} resolves to ${err.outside}, outside the module root ${this.files.root}; sglint reads only files inside it (set it with --root)`, at);
      }
      throw err;
    }
  }

  /** `path.module` of a module directory: relative to the root module's directory, as Terraform gives it. */
  modulePath(dirRel: string): string {
    return path.posix.relative(this.rootModuleDir === '.' ? '' : this.rootModuleDir, dirRel === '.' ? '' : dirRel) || '.';
  }

  /** `file()` and friends: paths are relative to the root module's directory (Terraform's working directory). */
  readFile(rel: string, at: Span): string {
    const inside = this.confine(this.rootModuleDir, rel, at);
    try {
      return this.files.readText(path.join(this.files.root, inside));
    } catch (err) {
      if (err instanceof InputFileError) throw new EvalError(err.message, at);
      throw err;
    }
  }

  fileExists(rel: string, at: Span): boolean {
    return this.files.isFile(path.join(this.files.root, this.confine(this.rootModuleDir, rel, at)));
  }

  /** `fileset(path, pattern)`: files under `path` (inside the root) whose path relative to it matches. */
  fileSet(rel: string, matches: (relPath: string) => boolean, at: Span): string[] {
    const base = path.join(this.files.root, this.confine(this.rootModuleDir, rel, at));
    const out: string[] = [];
    const walk = (dir: string, prefix: string): void => {
      let entries;
      try {
        entries = this.files.list(dir);
      } catch (err) {
        if (err instanceof InputFileError) throw new EvalError(err.message, at);
        throw err;
      }
      for (const e of entries) {
        const p = prefix ? `${prefix}/${e.name}` : e.name;
        if (e.kind === 'file' && matches(p)) out.push(p);
        else if (e.kind === 'dir' && !e.symlink) walk(e.abs, p);
      }
    };
    walk(base, '');
    return out.sort();
  }
}
