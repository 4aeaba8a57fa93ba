import { Unknown } from '../../../../model/unknown.js';
import type { Span } from '../../hcl/ast.js';
import type { EvalContext } from '../scope.js';
import { EvalError } from '../values.js';

/**
 * Reads a file for a file function, or says why its content is unknown. Terraform reads files
 * when it plans, on the machine that runs it: a path in the home directory (`~/.ssh/id_rsa.pub`)
 * is never read by sglint, and a file outside the module root or not in the checkout (a zip a
 * build step makes) is unknown with a warning, not an error. Nothing outside the module root is opened.
 */
export function readInput(ctx: EvalContext, rel: string, at: Span, fn: string): string | Unknown {
  if (rel === '~' || rel.startsWith('~/') || rel.startsWith('~\\')) {
    return new Unknown(`${fn}(${JSON.stringify(rel)}) is read from the home directory of the machine that runs Terraform`);
  }
  try {
    return ctx.readFile(rel, at);
  } catch (err) {
    if (!(err instanceof EvalError)) throw err;
    ctx.warn(`${fn}(): ${err.message}; its content is unknown (Terraform reads it when it plans)`, at);
    return new Unknown(`${fn}(${JSON.stringify(rel)}) is read when Terraform plans: ${err.message}`);
  }
}

/** The file's bytes, unknown when it is binary: its text form (invalid UTF-8 replaced) is not its bytes. */
export function readBytes(ctx: EvalContext, rel: string, at: Span, fn: string): Buffer | Unknown {
  const text = readInput(ctx, rel, at, fn);
  if (text instanceof Unknown) return text;
  if (text.includes('\uFFFD')) return new Unknown(`${fn}(${JSON.stringify(rel)}) of a binary file is not computed by sglint`);
  return Buffer.from(text, 'utf8');
}
