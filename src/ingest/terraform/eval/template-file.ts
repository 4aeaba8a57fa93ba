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
  const isolated: EvalContext = { ...ctx, resolve: () => ({ value: new Unknown('templatefile() can only use its own variables'), consumed: 0 }) };
  const v = evalExpr(attr.expr, new Scope(isolated, vars));
  return typeof v === 'string' && v.endsWith('\n') ? v.slice(0, -1) : v;
}
