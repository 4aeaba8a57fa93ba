import { createHash } from 'node:crypto';
import { Unknown } from '../../../../model/unknown.js';
import { EvalError, containsUnknown, fromJson, toPlain, toStr, type Value } from '../values.js';
import type { FunctionTable } from './types.js';
import type { Span } from '../../hcl/ast.js';

const hash = (algo: string) => ({ arity: [1, 1] as [number, number], fn: ([v]: Value[], at: Span) => createHash(algo).update(toStr(v!, at)).digest('hex') });

export const encodingFunctions: FunctionTable = {
  jsonencode: {
    arity: [1, 1],
    acceptsUnknown: true,
    fn: ([v], at) => {
      const plain = toPlain(v!, at);
      if (containsUnknown(plain)) return new Unknown('jsonencode of a value that is not fully known');
      return JSON.stringify(plain);
    },
  },
  jsondecode: {
    arity: [1, 1],
    fn: ([v], at) => {
      try {
        return fromJson(JSON.parse(toStr(v!, at)));
      } catch {
        throw new EvalError('jsondecode: the argument is not valid JSON', at);
      }
    },
  },
  base64encode: { arity: [1, 1], fn: ([v], at) => Buffer.from(toStr(v!, at)).toString('base64') },
  base64decode: { arity: [1, 1], fn: ([v], at) => Buffer.from(toStr(v!, at), 'base64').toString('utf8') },
  urlencode: { arity: [1, 1], fn: ([v], at) => encodeURIComponent(toStr(v!, at)) },
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  uuid: { arity: [0, 0], fn: () => new Unknown('uuid() is different on every run') },
  yamlencode: { arity: [1, 1], acceptsUnknown: true, fn: () => new Unknown('yamlencode output is not modelled') },
};

