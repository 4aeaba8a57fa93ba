import { Unknown } from '../../../model/unknown.js';
import type { Span } from '../hcl/ast.js';
import path from 'node:path';
import { parseHcl } from '../hcl/parser.js';
import { SourceFile } from '../hcl/source.js';
import { evalExpr } from './expr.js';
import { Scope, type EvalContext } from './scope.js';
import { EvalError, type ObjectValue, type Value } from './values.js';

/** `templatefile()`: the file's text is an HCL template evaluated with only the given variables. */
export function parseTemplateFile(text: string, vars: ObjectValue, at: Span, ctx: EvalContext, templatePath: string): Value {
  // Wrap as a heredoc so the HCL template grammar (interpolations and directives) applies unchanged.
  const marker = 'SGLINT_TEMPLATE_END';
  const head = `v = <<${marker}\n`;
  const parsed = parseHcl('templatefile', `${head}${text}\n${marker}\n`);
  const attr = parsed.body.attributes[0];
  // A mistake in the template is reported in the template (file:line:column), naming the call.
  const template = new SourceFile(templateDisplayPath(ctx, templatePath), text);
  const call = ctx.file.position(at.s);
  const inTemplate = (err: EvalError, offset: number): EvalError => {
    const s = Math.min(Math.max(0, offset - head.length), Math.max(0, text.length - 1));
    err.message = `${err.message} (in the template rendered by templatefile() at ${ctx.file.path}:${call.line}:${call.column})`;
    err.where = { file: template, span: { s, e: s + 1 } };
    return err;
  };
  if (parsed.errors.length || !attr) throw inTemplate(new EvalError(`templatefile: the template has a syntax error: ${parsed.errors[0]?.message ?? 'empty'}`, at), parsed.errors[0]?.offset ?? 0);
  const isolated: EvalContext = { ...ctx, inTemplateFile: true, resolve: () => ({ value: new Unknown('templatefile() can only use its own variables'), consumed: 0 }) };
  let v: Value;
  try {
    v = evalExpr(attr.expr, new Scope(isolated, vars));
  } catch (err) {
    // The error's offsets are in the template, not in the file that called templatefile().
    if (!(err instanceof EvalError) || err.where) throw err;
    throw inTemplate(err, err.span?.s ?? head.length);
  }
  return typeof v === 'string' && v.endsWith('\n') ? v.slice(0, -1) : v;
}

/**
 * The template's path as diagnostics show files: `templatePath` is relative to the root module's
 * directory (Terraform's working directory), the calling file sits in `path.module` below it.
 */
function templateDisplayPath(ctx: EvalContext, templatePath: string): string {
  const fromModule = path.posix.relative(ctx.modulePath, templatePath);
  return path.posix.normalize(path.posix.join(path.posix.dirname(ctx.file.path), fromModule));
}
