import path from 'node:path';
import picomatch from 'picomatch';
import { Unknown } from '../../../../model/unknown.js';
import { EvalError, isObj, toStr } from '../values.js';
import type { FunctionTable } from './types.js';

/** File functions read data from the scanned repository (never execute it), confined to its root. */
export const filesystemFunctions: FunctionTable = {
  file: { arity: [1, 1], fn: ([p], at, ctx) => ctx.readFile(toStr(p!, at), at) },
  fileexists: { arity: [1, 1], fn: ([p], at, ctx) => ctx.fileExists(toStr(p!, at), at) },
  templatefile: {
    arity: [2, 2],
    fn: ([p, vars], at, ctx) => {
      if (!isObj(vars!)) throw new EvalError('templatefile: the second argument must be a map of variables', at);
      // Terraform's own rule, which also keeps a template that renders itself from recursing.
      if (ctx.inTemplateFile) throw new EvalError('templatefile: cannot recursively call templatefile from inside another template function', at);
      const rel = toStr(p!, at);
      return ctx.renderTemplate(ctx.readFile(rel, at), vars, at, rel);
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
  filebase64: { arity: [1, 1], fn: ([p], at, ctx) => Buffer.from(ctx.readFile(toStr(p!, at), at)).toString('base64') },
};
