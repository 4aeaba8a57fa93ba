import ipaddr from 'ipaddr.js';
import { parseCidr, formatIpv4, type ParsedCidr } from '../../../../net/addresses.js';
import type { Span } from '../../hcl/ast.js';
import { EvalError, toNum, toStr, type Value } from '../values.js';
import type { FunctionTable } from './types.js';

function cidr(v: Value, at: Span): ParsedCidr {
  const text = toStr(v, at, 'CIDR prefix');
  const c = text.includes('/') ? parseCidr(text) : null;
  if (!c) throw new EvalError(`invalid CIDR prefix ${JSON.stringify(text)}: expected an address/length such as "10.0.0.0/16"`, at);
  return c;
}

function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) return formatIpv4(Number(value));
  const bytes: number[] = [];
  for (let k = 15; k >= 0; k--) bytes.push(Number((value >> BigInt(k * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** cty's conversion of a number argument to a Go int: a whole number, else Terraform's error. */
function whole(fn: string, v: Value, at: Span): number {
  const n = toNum(v, at);
  if (!Number.isInteger(n) || Math.abs(n) >= 2 ** 63) throw new EvalError(`${fn}: value must be a whole number, between -9223372036854775808 and 9223372036854775807`, at);
  return n;
}

function subnet(base: ParsedCidr, newbits: number, netnum: number, at: Span): string {
  const width = base.family === 4 ? 32 : 128;
  const prefix = base.prefix + newbits;
  if (newbits < 0 || prefix > width) throw new EvalError(`cidrsubnet: adding ${newbits} bits to /${base.prefix} exceeds /${width}`, at);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) throw new EvalError(`cidrsubnet: network number ${netnum} does not fit in ${newbits} bits`, at);
  const lo = BigInt(base.lo) + (BigInt(netnum) << BigInt(width - prefix));
  return `${formatAddress(base.family, lo)}/${prefix}`;
}

export const networkFunctions: FunctionTable = {
  cidrsubnet: { arity: [3, 3], fn: ([p, b, n], at) => subnet(cidr(p!, at), whole('cidrsubnet', b!, at), whole('cidrsubnet', n!, at), at) },
  cidrsubnets: {
    arity: [1, Infinity],
    fn: ([p, ...bits], at) => {
      const base = cidr(p!, at);
      const width = base.family === 4 ? 32 : 128;
      let next = BigInt(base.lo);
      return bits.map((b) => {
        // Terraform's own checks, in its words; they also keep the arithmetic below in range.
        const nb = whole('cidrsubnets', b, at);
        if (nb < 1) throw new EvalError('cidrsubnets: invalid value for "newbits" parameter: must extend prefix by at least one bit', at);
        if (nb > 32) throw new EvalError('cidrsubnets: invalid value for "newbits" parameter: may not extend prefix by more than 32 bits', at);
        if (base.prefix + nb > width) throw new EvalError(`cidrsubnets: invalid value for "newbits" parameter: would extend prefix to ${base.prefix + nb} bits, which is too long for an IPv${base.family} address`, at);
        const size = 1n << BigInt(width - base.prefix - nb);
        if (next % size !== 0n) next += size - (next % size);
        const out = `${formatAddress(base.family, next)}/${base.prefix + nb}`;
        next += size;
        if (next - 1n > BigInt(base.hi)) throw new EvalError('cidrsubnets: not enough address space for the requested subnets', at);
        return out;
      });
    },
  },
  cidrhost: {
    arity: [2, 2],
    fn: ([p, n], at) => {
      const base = cidr(p!, at);
      let num = BigInt(whole('cidrhost', n!, at));
      const size = BigInt(base.hi) - BigInt(base.lo) + 1n;
      if (num < 0n) num += size;
      if (num < 0n || num >= size) throw new EvalError(`cidrhost: host number ${n} is outside ${base.text}`, at);
      return formatAddress(base.family, BigInt(base.lo) + num);
    },
  },
  cidrnetmask: {
    arity: [1, 1],
    fn: ([p], at) => {
      const base = cidr(p!, at);
      if (base.family !== 4) throw new EvalError('cidrnetmask: only IPv4 prefixes have a netmask', at);
      return formatIpv4(base.prefix === 0 ? 0 : (0xffffffff << (32 - base.prefix)) >>> 0);
    },
  },
};
