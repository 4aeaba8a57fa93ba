import type { Span } from '../hcl/ast.js';
import type { Budget } from './budget.js';
import type { SourceFile } from '../hcl/source.js';
import type { ObjectValue, Value } from './values.js';

/** What expression evaluation needs from the module being evaluated. */
export interface EvalContext {
  /** The file whose expressions are being evaluated (for diagnostics). */
  readonly file: SourceFile;
  /**
   * Resolves a reference rooted at a name that is not a local binding (`var.x`, `local.y`,
   * `aws_security_group.web`, `module.m`, `data.t.n`, `path.module`). `names` are the attribute
   * names that follow the root (null for an index step); returns how many of them it consumed.
   */
  resolve(root: string, names: (string | null)[], span: Span): { value: Value; consumed: number };
  /** Reads a file for `file()`/`templatefile()`, relative to the root module's directory, confined to the module root. */
  readFile(path: string, span: Span): string;
  fileExists(path: string, span: Span): boolean;
  /**
   * Evaluates a `templatefile()` template with only its own variables. A host method rather than
   * an import, so the function table does not import the evaluator that calls it.
   */
  renderTemplate(text: string, vars: ObjectValue, span: Span, templatePath: string): Value;
  /** `fileset()`: matching files under a folder (paths relative to it), confined to the root. */
  fileSet(path: string, matches: (relPath: string) => boolean, span: Span): string[];
  /** `path.module`: the module directory relative to the root module's directory. */
  readonly modulePath: string;
  /** Reports a warning at `span` (a value sglint chose not to read, say) without failing the expression. */
  warn(message: string, span: Span): void;
  /** The scan's evaluation budget (shared by every module instance). */
  readonly budget: Budget;
  /** Set inside a templatefile() template, where Terraform forbids calling templatefile again. */
  readonly inTemplateFile?: boolean;
}

/** Lexical scope: `each`, `count`, for-expression variables and dynamic-block iterators. */
export class Scope {
  constructor(
    readonly ctx: EvalContext,
    private readonly bindings: Record<string, Value> | null = null,
    private readonly parent: Scope | null = null,
  ) {}

  with(bindings: Record<string, Value>): Scope {
    return new Scope(this.ctx, bindings, this);
  }

  withContext(ctx: EvalContext): Scope {
    return new Scope(ctx, this.bindings, this.parent ? this.parent.withContext(ctx) : null);
  }

  lookup(name: string): Value | undefined {
    if (this.bindings && Object.prototype.hasOwnProperty.call(this.bindings, name)) return this.bindings[name];
    return this.parent ? this.parent.lookup(name) : undefined;
  }
}

/**
 * Bound in the scope of the one instance scanned in place of an unknown count, for_each or
 * dynamic for_each (a stand-in); not a name HCL can write. Failures in it are not reported.
 */
export const STAND_IN = '\0stand-in';
export const isStandIn = (scope: Scope): boolean => scope.lookup(STAND_IN) === true;
