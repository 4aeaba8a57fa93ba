import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic, DiagnosticSeverity } from '../../../model/diagnostic.js';
import type { Span } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';
import type { ModuleConfig } from './config.js';
import { ModuleResolver } from '../modules/resolver.js';
import { EvalError, type Value } from './values.js';

/** State shared by every module instance of one scan: the root, loaded configs, diagnostics. */
export class Runtime {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(
    /** Absolute, symlink-resolved scanned root. */
    readonly rootAbs: string,
    /** Loads (and caches) the module in a directory relative to the root; null if it has no .tf files. */
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
   * Resolves `rel` against a module directory and returns the path relative to the root, or
   * throws when it escapes the root (symlinks included): code outside the scanned tree is never read.
   */
  confine(moduleDir: string, rel: string, at: Span): string {
    const abs = path.resolve(this.rootAbs, moduleDir, rel);
    let real = abs;
    try {
      real = fs.realpathSync(abs);
    } catch {
      // A path that does not exist is checked lexically; the caller reports it as missing.
    }
    const inside = (p: string): boolean => {
      const r = path.relative(this.rootAbs, p);
      return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
    };
    if (!inside(abs) || !inside(real)) throw new EvalError(`${JSON.stringify(rel)} resolves outside the scanned root (${this.rootAbs}); sglint reads only files inside it`, at);
    return path.relative(this.rootAbs, real).split(path.sep).join('/') || '.';
  }

  readFile(moduleDir: string, rel: string, at: Span): string {
    const inside = this.confine(moduleDir, rel, at);
    try {
      return fs.readFileSync(path.join(this.rootAbs, inside), 'utf8');
    } catch {
      throw new EvalError(`cannot read the file ${JSON.stringify(rel)} (${inside})`, at);
    }
  }

  fileExists(moduleDir: string, rel: string, at: Span): boolean {
    return fs.existsSync(path.join(this.rootAbs, this.confine(moduleDir, rel, at)));
  }
}
