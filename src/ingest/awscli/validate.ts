import type { Diagnostic } from '../../model/diagnostic.js';
import { normalisePorts, parseProtocol } from '../../model/protocol.js';
import { jsonPathOffset, lineColumn } from '../json/positions.js';
import { NACL_ENTRY, PERMISSION, SECTION_SHAPES, type Shape } from './shapes.js';

type Path = (string | number)[];
interface Problem {
  /** The field that is wrong, and the list entry dropped because of it. */
  at: Path;
  entry: Path;
  message: string;
}

/** Problems located exactly (each costs a scan of the text); the rest are counted. */
const MAX_LOCATED = 10;

/** The fields of an object shape, listed once. */
const FIELDS = new WeakMap<object, [string, Shape][]>();
const fieldsOf = (shape: object): [string, Shape][] => FIELDS.get(shape) ?? (FIELDS.set(shape, Object.entries(shape) as [string, Shape][]), FIELDS.get(shape)!);
const wrong = (at: Path, expected: string, v: unknown): Omit<Problem, 'entry'> => ({ at: [...at], message: `expected ${expected === 'object' ? 'an' : 'a'} ${expected}, found ${typeOf(v)} (not what the AWS CLI prints)` });

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);
const pathText = (p: Path): string => p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i ? `.${x}` : x)).join('');

/** What AWS would never store in a rule of the right types: an unknown protocol, a reversed or out-of-range port range. */
function ruleProblem(o: Record<string, unknown>, protocolField: string, ports: [string, unknown, unknown]): [string, string] | null {
  const p = o[protocolField];
  if (typeof p !== 'string') return null;
  const protocol = parseProtocol(p);
  if (protocol === null) return [protocolField, `${JSON.stringify(p.slice(0, 40))} is not a protocol AWS stores (tcp, udp, icmp, icmpv6, -1 or a number 0-255)`];
  const [field, from, to] = ports;
  if (typeof from !== 'number' || typeof to !== 'number' || !normalisePorts(protocol, from, to).rejected) return null;
  return [field, from > to ? `the range starts at ${from} and ends at ${to}, which AWS never stores` : `ports ${from}-${to} are outside 0-65535, which AWS never stores`];
}

const SEMANTICS = new Map<Shape, (o: Record<string, unknown>) => [string, string] | null>([
  [PERMISSION, (o) => ruleProblem(o, 'IpProtocol', ['FromPort', o['FromPort'], o['ToPort']])],
  [NACL_ENTRY, (o) => {
    const range = (o['PortRange'] ?? {}) as Record<string, unknown>;
    return ruleProblem(o, 'Protocol', ['PortRange', range['From'], range['To']]);
  }],
]);

/**
 * Checks one parsed snapshot file against the types the AWS CLI prints. An entry of a list with a
 * field of the wrong type (or a rule AWS never stores) is removed from its list and reported as an
 * error at the field's line:column, naming it, so the rest of the file is still read. Mutates
 * `value`; returns the diagnostics.
 */
export function dropMalformed(value: Record<string, unknown>, text: string, file: string): Diagnostic[] {
  const problems: Problem[] = [];
  const path: Path = [];
  /** The first problem of `v` against `shape` (lists inside are cleaned in place, their problems recorded). */
  const check = (v: unknown, shape: Shape): Omit<Problem, 'entry'> | null => {
    if (v === undefined || v === null) return null;
    if (typeof shape === 'string') return typeof v === shape ? null : wrong(path, shape, v);
    if (Array.isArray(shape)) {
      if (!Array.isArray(v)) return wrong(path, 'list', v);
      let kept = 0;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const p = check(v[i], shape[0] as Shape);
        path.pop();
        if (p) problems.push({ ...p, entry: [...path, i] });
        else if (kept++ !== i) v[kept - 1] = v[i];
      }
      if (kept !== v.length) v.length = kept;
      return null;
    }
    if (typeof v !== 'object' || Array.isArray(v)) return wrong(path, 'object', v);
    const o = v as Record<string, unknown>;
    for (const [field, fieldShape] of fieldsOf(shape)) {
      // Field names are the shape's own (GroupId...), never input keys: a plain read is safe.
      const x = o[field];
      if (x === undefined || x === null) continue;
      if (typeof fieldShape === 'string') {
        if (typeof x !== fieldShape) return wrong([...path, field], fieldShape, x);
        continue;
      }
      path.push(field);
      const p = check(x, fieldShape);
      path.pop();
      if (p) return p;
    }
    const semantic = SEMANTICS.get(shape)?.(o);
    return semantic ? { at: [...path, semantic[0]], message: semantic[1] } : null;
  };
  for (const section of Object.keys(value)) {
    const shape = Object.hasOwn(SECTION_SHAPES, section) ? SECTION_SHAPES[section] : undefined;
    if (!shape) continue;
    path.push(section);
    const p = check(value[section], shape);
    path.pop();
    if (p) {
      problems.push({ ...p, entry: [section] });
      delete value[section];
    }
  }
  const located = (p: Problem, message: string): Diagnostic => ({ severity: 'error', message, file, ...lineColumn(text, jsonPathOffset(text, p.at)) });
  const out = problems.slice(0, MAX_LOCATED).map((p) => located(p, `${pathText(p.at)}: ${p.message}; ${dropped(p)}`));
  const rest = problems.slice(MAX_LOCATED);
  if (rest.length) out.push(located(rest[0]!, `${rest.length} more entries have a field of the wrong type and are not read, the first here: ${pathText(rest[0]!.at)}: ${rest[0]!.message}`));
  return out;
}

const dropped = (p: Problem): string => (p.entry.length === 1 ? `the section ${String(p.entry[0])} is not read` : `${pathText(p.entry)} is not read`);
