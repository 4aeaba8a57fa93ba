import { createHash } from 'node:crypto';
import { Unknown } from '../../../../model/unknown.js';
import type { Span } from '../../hcl/ast.js';
import type { EvalContext } from '../scope.js';
import { EvalError, toStr, type Value } from '../values.js';
import { readBytes } from './file-reads.js';
import type { FunctionTable } from './types.js';

const digest = (algo: string, data: Buffer | string, out: 'hex' | 'base64'): string => createHash(algo).update(data).digest(out);

/** `filemd5`, `filebase64sha256`, ...: the digest of the file's bytes, unknown when they are not read. */
const fileDigest = (fn: string, algo: string, out: 'hex' | 'base64') => ({
  arity: [1, 1] as [number, number],
  fn: ([p]: Value[], at: Span, ctx: EvalContext): Value => {
    const bytes = readBytes(ctx, toStr(p!, at), at, fn);
    return bytes instanceof Unknown ? bytes : digest(algo, bytes, out);
  },
});

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** RFC 4122 version 5 UUID: SHA-1 of the namespace's bytes and the name. */
export function uuidV5(namespace: string, name: string, at: Span): string {
  const ns = NAMESPACES[namespace] ?? namespace;
  const hex = ns.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex) || !/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(ns)) {
    throw new EvalError(`uuidv5: ${JSON.stringify(namespace)} is not a namespace (dns, url, oid, x500) or a UUID`, at);
  }
  const h = createHash('sha1').update(Buffer.from(hex, 'hex')).update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const s = h.subarray(0, 16).toString('hex');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export const digestFunctions: FunctionTable = {
  base64sha256: { arity: [1, 1], fn: ([v], at) => digest('sha256', toStr(v!, at), 'base64') },
  base64sha512: { arity: [1, 1], fn: ([v], at) => digest('sha512', toStr(v!, at), 'base64') },
  filemd5: fileDigest('filemd5', 'md5', 'hex'),
  filesha1: fileDigest('filesha1', 'sha1', 'hex'),
  filesha256: fileDigest('filesha256', 'sha256', 'hex'),
  filesha512: fileDigest('filesha512', 'sha512', 'hex'),
  filebase64sha256: fileDigest('filebase64sha256', 'sha256', 'base64'),
  filebase64sha512: fileDigest('filebase64sha512', 'sha512', 'base64'),
  uuidv5: { arity: [2, 2], fn: ([ns, name], at) => uuidV5(toStr(ns!, at), toStr(name!, at), at) },
  // Go's gzip writer, a random salt, a private key: results sglint cannot (or must not) reproduce.
  base64gzip: { arity: [1, 1], fn: () => new Unknown("base64gzip() bytes are those of Go's compressor") },
  bcrypt: { arity: [1, 2], fn: () => new Unknown('bcrypt() uses a random salt on every run') },
  rsadecrypt: { arity: [2, 2], fn: () => new Unknown('rsadecrypt() needs a private key, which sglint does not use') },
};
