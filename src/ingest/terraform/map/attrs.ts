import type { Origin } from '../../../model/origin.js';
import { Unknown } from '../../../model/unknown.js';
import type { Span } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';
import type { EvaluatedBlock, EvaluatedBody } from '../eval/blocks.js';
import { LazyObject, formatNumber, isObj, type Value } from '../eval/values.js';
import { PartialList } from '../eval/partial-list.js';

export function originOf(file: SourceFile, span: Span, address?: string): Origin {
  const a = file.position(span.s);
  const b = file.position(Math.max(span.s, span.e - 1));
  return { file: file.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column + 1, ...(address ? { address } : {}) };
}

export const raw = (body: EvaluatedBody, name: string): Value | undefined => body.attrs[name]?.value;

/** A string attribute: the string, undefined when absent/null, or Unknown. */
export function str(body: EvaluatedBody, name: string): string | Unknown | undefined {
  const v = raw(body, name);
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof LazyObject) return String(v);
  return new Unknown(`${name} is not a string`);
}

/**
 * A value Terraform rejects for the attribute's type (`from_port = "NaN"`, a list for a number):
 * not an unknown but a mistake. Callers that know the attribute is required to be valid report
 * it as an error; others still read it as unknown.
 */
export class WrongType extends Unknown {}

/** Decimal numbers as Terraform converts strings to numbers (no hex, no Infinity, no NaN). */
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function num(body: EvaluatedBody, name: string): number | Unknown | undefined {
  const v = raw(body, name);
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER.test(v)) return Number(v);
  return new WrongType(`${name} = ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v === 'object' ? 'a collection' : String(v)} is not a number`);
}

export function bool(body: EvaluatedBody, name: string): boolean | Unknown | undefined {
  const v = raw(body, name);
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return new Unknown(`${name} is not a bool`);
}

/** A list of strings; the list itself may be unknown, or contain unknown elements. */
export function strList(body: EvaluatedBody, name: string): (string | Unknown)[] | Unknown {
  const v = raw(body, name);
  if (v === undefined || v === null) return [];
  if (v instanceof Unknown && !(v instanceof PartialList)) return v;
  // A list of unknown length keeps its known elements, and an unknown one stands for the others.
  const list = v instanceof PartialList ? [...v.known, new Unknown(v.reason)] : Array.isArray(v) ? v : [v];
  return list.flatMap((x): (string | Unknown)[] => {
    if (x === null) return [];
    if (x instanceof Unknown) return [x];
    if (typeof x === 'string') return [x];
    if (typeof x === 'number') return [formatNumber(x)];
    if (x instanceof LazyObject) return [String(x)];
    if (Array.isArray(x)) return [new Unknown(`${name} contains a nested list`)];
    if (isObj(x)) return [new Unknown(`${name} contains an object`)];
    return [String(x)];
  });
}

export const blocks = (body: EvaluatedBody, type: string): EvaluatedBlock[] => body.blocks.filter((b) => b.type === type);

/**
 * Nested blocks of a type, with the same written as an attribute (`ingress = [{ ... }]`, which the
 * AWS provider accepts for inline rules, NACL entries and routes). An unknown list stands for
 * "zero or more blocks like this", as a dynamic block with an unknown for_each does.
 */
export function blockList(body: EvaluatedBody, type: string, file: SourceFile): EvaluatedBlock[] {
  const out = blocks(body, type);
  const a = body.attrs[type];
  if (!a) return out;
  const block = (attrs: EvaluatedBody['attrs'], unknown?: string): EvaluatedBlock => ({ type, labels: [], body: { attrs, blocks: [] }, span: a.span, file, ...(unknown ? { unknown } : {}) });
  const items = a.value instanceof PartialList ? [...a.value.known, new Unknown(a.value.reason)] : a.value instanceof Unknown ? [a.value] : Array.isArray(a.value) ? a.value : [];
  for (const item of items) {
    if (item instanceof Unknown) out.push(block(Object.create(null) as EvaluatedBody['attrs'], item.reason));
    else if (isObj(item)) {
      const attrs = Object.create(null) as EvaluatedBody['attrs'];
      for (const [k, v] of Object.entries(item)) attrs[k] = { value: v, span: a.span };
      out.push(block(attrs));
    }
  }
  return out;
}

/** ARN tokens of resources (`arn:sglint:<address>`) resolve to the address, the model's id. */
export const idFromRef = (v: string): string => (v.startsWith('arn:sglint:') ? v.slice('arn:sglint:'.length) : v);

/** A statically known string, or undefined (absent or unknown). */
export const knownString = (v: string | Unknown | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
/** A statically known id: a string, with ARN tokens turned back into addresses. */
export const knownId = (v: string | Unknown | undefined): string | undefined => (typeof v === 'string' ? idFromRef(v) : undefined);

/** A `tags` map: its known string values (an unknown map or value is left out: tags only select, never decide). */
export function tags(body: EvaluatedBody): Record<string, string> | undefined {
  const v = raw(body, 'tags');
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Unknown || v instanceof LazyObject) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return Object.keys(out).length ? out : undefined;
}
