import path from 'node:path';
import picomatch from 'picomatch';
import type { Span } from '../../hcl/ast.js';
import { Unknown } from '../../../../model/unknown.js';
import type { EvalContext } from '../scope.js';
import { EvalError, isObj, toStr, type Value } from '../values.js';
import { readBytes, readInput } from './file-reads.js';
import type { FunctionTable } from './types.js';

/** Whether a file exists; unknown for the home directory or outside the module root (Terraform looks there). */
function fileExists(ctx: EvalContext, rel: string, at: Span): Value {
  if (rel === '~' || rel.startsWith('~/')) return new Unknown(`fileexists(${JSON.stringify(rel)}) looks in the home directory of the machine that runs Terraform`);
  try {
    return ctx.fileExists(rel, at);
  } catch (err) {
    if (!(err instanceof EvalError)) throw err;
    ctx.warn(`fileexists(): ${err.message}; the answer is unknown (Terraform looks when it plans)`, at);
    return new Unknown(`fileexists(${JSON.stringify(rel)}) is answered when Terraform plans: ${err.message}`);
  }
}

/** File functions read data from the scanned repository (never execute it), confined to its root. */
export const filesystemFunctions: FunctionTable = {
  file: { arity: [1, 1], fn: ([p], at, ctx) => readInput(ctx, toStr(p!, at), at, 'file') },
  fileexists: { arity: [1, 1], fn: ([p], at, ctx) => fileExists(ctx, toStr(p!, at), at) },
  templatefile: {
    arity: [2, 2],
    fn: ([p, vars], at, ctx) => {
      if (!isObj(vars!)) throw new EvalError('templatefile: the second argument must be a map of variables', at);
      // Terraform's own rule, which also keeps a template that renders itself from recursing.
      if (ctx.inTemplateFile) throw new EvalError('templatefile: cannot recursively call templatefile from inside another template function', at);
      const rel = toStr(p!, at);
      const text = readInput(ctx, rel, at, 'templatefile');
      return text instanceof Unknown ? text : ctx.renderTemplate(text, vars, at, rel);
    },
  },
  basename: { arity: [1, 1], fn: ([p], at) => path.posix.basename(toStr(p!, at)) },
  dirname: { arity: [1, 1], fn: ([p], at) => path.posix.dirname(toStr(p!, at)) },
  abspath: { arity: [1, 1], fn: ([p], at) => toStr(p!, at) },
  pathexpand: { arity: [1, 1], fn: () => new Unknown('pathexpand depends on the machine running Terraform') },
  fileset: {
    arity: [2, 2],
    fn: ([p, pattern], at, ctx) => {
      const matches = picomatch(toStr(pattern!, at), { dot: true });
      return ctx.fileSet(toStr(p!, at), (rel) => matches(rel), at);
    },
  },
  filebase64: {
    arity: [1, 1],
    fn: ([p], at, ctx) => {
      const bytes = readBytes(ctx, toStr(p!, at), at, 'filebase64');
      return bytes instanceof Unknown ? bytes : bytes.toString('base64');
    },
  },
};
