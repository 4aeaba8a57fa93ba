import type { Attribute, Expr } from '../hcl/ast.js';
import type { EvaluatedBody } from '../eval/blocks.js';
import type { SourceFile } from '../hcl/source.js';

/** One step of a reference: `.name` or `[key]` (the key's source text). */
type Step = { name: string } | { index: string };

const NOT_RESOURCES = new Set(['var', 'local', 'module', 'data', 'each', 'count', 'path', 'self', 'terraform']);

/** `a.b[0].c` as its root variable and steps; null when the expression is not a plain reference. */
function traversal(e: Expr, text: string): { root: string; steps: Step[] } | null {
  switch (e.t) {
    case 'var':
      return { root: e.name, steps: [] };
    case 'attr': {
      const t = traversal(e.obj, text);
      return t && { root: t.root, steps: [...t.steps, { name: e.name }] };
    }
    case 'index': {
      const t = traversal(e.obj, text);
      return t && { root: t.root, steps: [...t.steps, { index: text.slice(e.key.s, e.key.e) }] };
    }
    case 'splat': {
      const t = traversal(e.obj, text);
      return t && { root: t.root, steps: [...t.steps, { index: '*' }] };
    }
    case 'paren':
      return traversal(e.x, text);
    default:
      return null;
  }
}

/**
 * The object a reference names, without the attribute read from it: `var.sg_id`,
 * `data.aws_security_group.shared`, `aws_network_acl.this[0]`, `module.net.sg_id`.
 */
function referenced(t: { root: string; steps: Step[] }): { text: string; resource: boolean } {
  const parts = [t.root];
  const take = (n: number): void => {
    for (const s of t.steps.slice(0, n)) parts.push('name' in s ? `.${s.name}` : `[${s.index}]`);
  };
  if (t.root === 'var' || t.root === 'local') take(1);
  else if (t.root === 'module') take(t.steps[1] && 'index' in t.steps[1] ? 3 : 2);
  else if (t.root === 'data') take(t.steps[2] && 'index' in t.steps[2] ? 3 : 2);
  else if (NOT_RESOURCES.has(t.root)) take(t.steps.length);
  else take(t.steps[1] && 'index' in t.steps[1] ? 2 : 1);
  return { text: parts.join('').replace(/\[\*\]$/, ''), resource: !NOT_RESOURCES.has(t.root) };
}

/** Every reference inside an expression, in source order. */
export function references(e: Expr, text: string, out: { text: string; resource: boolean }[]): void {
  const t = traversal(e, text);
  if (t) {
    out.push(referenced(t));
    // Index keys may hold references too (`aws_subnet.x[var.az]`), but the object is what matters.
    return;
  }
  for (const v of Object.values(e)) {
    if (v && typeof v === 'object') {
      if (Array.isArray(v)) for (const x of v) visit(x, text, out);
      else visit(v, text, out);
    }
  }
}

function visit(v: unknown, text: string, out: { text: string; resource: boolean }[]): void {
  if (!v || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  if (typeof o['t'] === 'string' && typeof o['s'] === 'number') references(o as unknown as Expr, text, out);
  else for (const x of Object.values(o)) if (x && typeof x === 'object') visit(x, text, out);
}

/**
 * What an attribute of a resource refers to, named as written (for a placeholder when its value
 * is not known statically): the one reference of a plain reference, else the first reference to
 * a resource of `preferType`, else the expression's text. Undefined when the attribute is
 * absent or has no source (a plan without its configuration).
 */
export function refName(body: EvaluatedBody, file: SourceFile, attr: string, preferType?: RegExp): string | undefined {
  const a = body.attrs[attr];
  const expr = (a?.span as Partial<Attribute> | undefined)?.expr;
  if (!expr || typeof expr.s !== 'number') return undefined;
  const text = file.text;
  const refs: { text: string; resource: boolean }[] = [];
  references(expr, text, refs);
  const plain = traversal(expr, text);
  if (plain) return referenced(plain).text;
  const typed = preferType && refs.find((x) => x.resource && preferType.test(x.text));
  if (typed) return typed.text;
  const written = text.slice(expr.s, expr.e).replace(/\s+/g, ' ').trim();
  return written.length > 80 ? `${written.slice(0, 77)}...` : written;
}

/** The source text of an attribute's expression, or undefined when it has none (a plan, a template). */
export function exprText(body: EvaluatedBody, file: SourceFile, attr: string): string | undefined {
  const expr = (body.attrs[attr]?.span as Partial<Attribute> | undefined)?.expr;
  return expr && typeof expr.s === 'number' ? file.text.slice(expr.s, expr.e).trim() : undefined;
}

/**
 * The declared element (group, NACL) a reference names, when it is the only instance: a counted
 * resource whose count is unknown is scanned as one instance `x[?]`, and `x[0].id` is unknown.
 */
export function declaredInstance<T extends { address: string }>(items: Iterable<T>, ref: string): T | undefined {
  const base = ref.replace(/\[[^\]]*\]$/, '');
  let found: T | undefined;
  for (const x of items) {
    if (x.address === ref && ref !== base) return x;
    if (x.address === base || x.address.startsWith(`${base}[`)) {
      if (found) return undefined;
      found = x;
    }
  }
  return found;
}
