import { dict, own } from '../own.js';
import { indentQuotedContinuations } from './quoted-lines.js';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface Template {
  /** The template as JSON, short-form tags turned into their long form (`!Ref x` -> `{ Ref: x }`). */
  value: Record<string, unknown>;
  /** Source range [start, end) of the node at a path such as `Resources.Web.Properties.SecurityGroupIngress.0`. */
  range(path: (string | number)[]): { s: number; e: number } | undefined;
  /** The range from a mapping key to the end of its value (a resource: its logical id line onwards). */
  entryRange(path: (string | number)[]): { s: number; e: number } | undefined;
  errors: { message: string; offset: number }[];
  /** The text the offsets refer to (multi-line quoted strings re-indented as CloudFormation reads them; same lines). */
  text: string;
}

/** Short-form intrinsic tags and their long names. */
const LONG: Record<string, string> = {
  Ref: 'Ref', Condition: 'Condition', GetAtt: 'Fn::GetAtt', Sub: 'Fn::Sub', Join: 'Fn::Join', If: 'Fn::If', Select: 'Fn::Select',
  FindInMap: 'Fn::FindInMap', ImportValue: 'Fn::ImportValue', Split: 'Fn::Split', Base64: 'Fn::Base64', GetAZs: 'Fn::GetAZs',
  Equals: 'Fn::Equals', And: 'Fn::And', Or: 'Fn::Or', Not: 'Fn::Not', Cidr: 'Fn::Cidr', Length: 'Fn::Length', ToJsonString: 'Fn::ToJsonString',
};

/** Nodes a template may hold once YAML aliases are expanded (CloudFormation caps a template at 1 MB of text). */
export const MAX_TEMPLATE_NODES = 200_000;

class TemplateTooLarge extends Error {
  readonly offset: number;
  constructor(message: string, node: unknown) {
    super(message);
    this.offset = (node as Node | null)?.range?.[0] ?? 0;
  }
}

/**
 * Reads a CloudFormation template, YAML or JSON (JSON is YAML 1.2, so one parser gives
 * positions for both), keeping the range of every node for file:line:column in findings.
 */
export function readTemplate(written: string): Template {
  const lenient = indentQuotedContinuations(written);
  const first = parseDocument(written, { prettyErrors: false, uniqueKeys: false, keepSourceTokens: false, strict: false });
  const text = first.errors.length && lenient !== written && parseDocument(lenient, { strict: false }).errors.length === 0 ? lenient : written;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, keepSourceTokens: false, strict: false });
  const errors: Template['errors'] = [];
  for (const e of doc.errors) errors.push({ message: e.message.split('\n')[0]!, offset: e.pos[0] });
  for (const w of doc.warnings) {
    // Short-form tags are ours to read; other warnings are real problems.
    if (!/Unresolved tag/.test(w.message)) errors.push({ message: w.message.split('\n')[0]!, offset: w.pos[0] });
  }
  const ranges = new Map<string, { s: number; e: number }>();
  const duplicates: { key: string; offset: number; first: number }[] = [];
  let nodes = 0;
  const expanding = new Set<unknown>();
  const convert = (node: unknown, path: string): unknown => {
    // Aliases are expanded where they are used, so a few lines can stand for billions of nodes
    // (an alias bomb) or for themselves (a cycle): both stop with an error at the alias.
    if (++nodes > MAX_TEMPLATE_NODES) throw new TemplateTooLarge(`too large to read: the template expands to more than ${MAX_TEMPLATE_NODES} nodes through YAML aliases (limit ${MAX_TEMPLATE_NODES})`, node);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (expanding.has(target)) throw new TemplateTooLarge(`the YAML alias *${node.source} refers to a node that contains it`, node);
      expanding.add(target);
      try {
        return convert(target, path);
      } finally {
        expanding.delete(target);
      }
    }
    const n = node as Node | null;
    if (n && 'range' in n && n.range) ranges.set(path, { s: n.range[0], e: n.range[1] });
    let value: unknown;
    if (isMap(n)) {
      // Keys are the template's (a logical id may be `__proto__`): no prototype to collide with.
      const obj = dict<unknown>();
      const firstAt = new Map<string, number>();
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const keyAt = (item.key as Node | null)?.range?.[0] ?? n.range?.[0] ?? 0;
        const first = firstAt.get(key);
        if (first !== undefined) {
          // CloudFormation rejects a mapping that repeats a key; the first is kept (as Terraform does).
          duplicates.push({ key, offset: keyAt, first });
          continue;
        }
        firstAt.set(key, keyAt);
        obj[key] = convert(item.value, path ? `${path}.${key}` : key);
        if (isScalar(item.key) && item.key.range && !ranges.has(`${path ? `${path}.` : ''}${key}#key`)) ranges.set(`${path ? `${path}.` : ''}${key}#key`, { s: item.key.range[0], e: item.key.range[1] });
      }
      value = obj;
    } else if (isSeq(n)) value = n.items.map((x, i) => convert(x, path ? `${path}.${i}` : String(i)));
    else if (isScalar(n)) value = n.value;
    else value = n ?? null;
    const tag = n && 'tag' in n ? n.tag : undefined;
    if (tag?.startsWith('!') && !tag.startsWith('!!')) {
      const name = tag.slice(1);
      const long = own(LONG, name) ?? (name.startsWith('Fn::') ? name : `Fn::${name}`);
      // `!GetAtt Res.Attr` is a dotted string; the long form is a list.
      if (long === 'Fn::GetAtt' && typeof value === 'string') value = [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)];
      return { [long]: value };
    }
    return value;
  };
  let value: Record<string, unknown>;
  try {
    value = doc.contents ? (convert(doc.contents, '') as Record<string, unknown>) : dict();
  } catch (err) {
    if (!(err instanceof TemplateTooLarge)) throw err;
    errors.push({ message: err.message, offset: err.offset });
    value = dict();
  }
  if (duplicates.length) {
    for (const d of duplicates) errors.push({ message: `duplicate key ${JSON.stringify(d.key)}: it is already set at line ${lines.linePos(d.first).line} of this mapping, and CloudFormation rejects a template that repeats a key`, offset: d.offset });
    errors.sort((a, b) => a.offset - b.offset);
  }
  return {
    value: value && typeof value === 'object' && !Array.isArray(value) ? value : dict(),
    range: (path) => ranges.get(path.join('.')) ?? ranges.get(`${path.join('.')}#key`),
    entryRange: (path) => {
      const k = ranges.get(`${path.join('.')}#key`);
      const v = ranges.get(path.join('.'));
      return k && v ? { s: k.s, e: v.e } : (v ?? k);
    },
    errors,
    text,
  };
}
