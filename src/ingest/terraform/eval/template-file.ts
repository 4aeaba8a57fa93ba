import { Unknown } from '../../../model/unknown.js';
import type { Span } from '../hcl/ast.js';
import { parseHcl } from '../hcl/parser.js';
import { evalExpr } from './expr.js';
import { Scope, type EvalContext } from './scope.js';
import { EvalError, type ObjectValue, type Value } from './values.js';

/** `templatefile()`: the file's text is an HCL template evaluated with only the given variables. */
export function parseTemplateFile(text: string, vars: ObjectValue, at: Span, ctx: EvalContext): Value {
  // Wrap as a heredoc so the HCL template grammar (interpolations and directives) applies unchanged.
  const marker = 'SGLINT_TEMPLATE_END';
  const parsed = parseHcl('templatefile', `v = <<${marker}\n${text}\n${marker}\n`);
  const attr = parsed.body.attributes[0];
  if (parsed.errors.length || !attr) throw new EvalError(`templatefile: the template has a syntax error: ${parsed.errors[0]?.message ?? 'empty'}`, at);
  const isolated: EvalContext = { ...ctx, inTemplateFile: true, resolve: () => ({ value: new Unknown('templatefile() can only use its own variables'), consumed: 0 }) };
  let v: Value;
  try {
    v = evalExpr(attr.expr, new Scope(isolated, vars));
  } catch (err) {
    if (!(err instanceof EvalError) || !err.span) throw err;
    // The error's offsets are in the template, not in the file that called templatefile():
    // report it at the call, naming the template's own line and column (its first line is ours).
    const pos = parsed.file.position(err.span.s);
    const Rethrown = err.constructor as new (m: string, s: Span) => EvalError;
    throw new Rethrown(`${err.message} (in the template at line ${pos.line - 1}, column ${pos.column})`, at);
  }
  return typeof v === 'string' && v.endsWith('\n') ? v.slice(0, -1) : v;
}
