import { Unknown } from '../../../../model/unknown.js';
import type { Span } from '../../hcl/ast.js';
import type { EvalContext } from '../scope.js';
import { PartialList, knownElements } from '../partial-list.js';
import type { Value } from '../values.js';
import type { FunctionDef, FunctionTable } from './types.js';

/**
 * List functions that keep the known elements of a list whose length is unknown: an unknown
 * argument (or an unknown element flatten cannot see into) makes a PartialList of what is known.
 */
function keeping(def: FunctionDef, unknownElements = false): FunctionDef {
  return {
    ...def,
    acceptsUnknown: true,
    fn: (args: Value[], at: Span, ctx: EvalContext): Value => {
      const unknown = args.find((a): a is Unknown => a instanceof Unknown) ?? (unknownElements ? innerUnknown(args) : undefined);
      if (!unknown) return def.fn(args, at, ctx);
      const known = args.map((a) => knownElements(a) ?? (a instanceof Unknown ? [] : a));
      if (known.some((k) => !Array.isArray(k))) return unknown;
      const result = def.fn(unknownElements ? known.map((k) => (k as Value[]).filter((x) => !(x instanceof Unknown))) : known, at, ctx);
      return Array.isArray(result) ? new PartialList(unknown.reason, result) : unknown;
    },
  };
}

const innerUnknown = (args: Value[]): Unknown | undefined => {
  for (const a of args) if (Array.isArray(a)) for (const x of a) if (x instanceof Unknown) return x;
  return undefined;
};

export function withPartialLists(table: FunctionTable): FunctionTable {
  const out: FunctionTable = { ...table };
  for (const name of ['concat', 'setunion', 'toset', 'tolist', 'distinct', 'compact', 'sort', 'reverse']) out[name] = keeping(table[name]!);
  out.flatten = keeping(table.flatten!, true);
  return out;
}
