import path from 'node:path';
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
      return ctx.renderTemplate(ctx.readFile(toStr(p!, at), at), vars, at);
    },
  },
  basename: { arity: [1, 1], fn: ([p], at) => path.posix.basename(toStr(p!, at)) },
  dirname: { arity: [1, 1], fn: ([p], at) => path.posix.dirname(toStr(p!, at)) },
  abspath: { arity: [1, 1], fn: ([p], at) => toStr(p!, at) },
  pathexpand: { arity: [1, 1], fn: () => new Unknown('pathexpand depends on the machine running Terraform') },
  fileset: { arity: [2, 2], fn: () => new Unknown('fileset() is not evaluated by sglint') },
  filebase64: { arity: [1, 1], fn: ([p], at, ctx) => Buffer.from(ctx.readFile(toStr(p!, at), at)).toString('base64') },
};
