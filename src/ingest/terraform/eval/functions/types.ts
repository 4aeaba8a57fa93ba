import type { Span } from '../../hcl/ast.js';
import type { EvalContext } from '../scope.js';
import type { Value } from '../values.js';

export interface FunctionDef {
  /** Allowed argument counts: [min, max]; max Infinity for variadic. */
  arity: [number, number];
  /** When false (the default), an unknown top-level argument makes the result unknown. */
  acceptsUnknown?: boolean;
  fn(args: Value[], at: Span, ctx: EvalContext): Value;
}

export type FunctionTable = Record<string, FunctionDef>;
