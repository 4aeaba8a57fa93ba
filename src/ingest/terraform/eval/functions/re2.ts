import { RE2JS } from 're2js';
import type { Span } from '../../hcl/ast.js';
import { EvalError, newObject, type Value } from '../values.js';

/**
 * Terraform's regex, regexall and replace use Go's regexp package: RE2 syntax, linear-time
 * matching. re2js is a port of the same engine, so a hostile pattern such as `(a+)+$` cannot
 * hang a scan, and syntax RE2 lacks (lookaround, backreferences) is rejected as Terraform does.
 */
export interface Pattern {
  readonly re: RE2JS;
  /** Capture group names by index (index 0 is the whole match); "" for unnamed groups. */
  readonly names: string[];
}

export function compilePattern(fn: string, source: string, at: Span): Pattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (err) {
    // re2js reports like Go ("error parsing regexp: CODE: `EXPR`"); Terraform says "CODE in EXPR".
    const text = err instanceof Error ? err.message : String(err);
    const go = /^error parsing regexp: (.*): `(.*)`$/s.exec(text);
    throw new EvalError(`${fn}: invalid regexp pattern: ${go ? `${go[1]} in ${go[2]}` : text}`, at);
  }
  const names: string[] = Array.from({ length: re.groupCount() + 1 }, () => '');
  for (const [name, i] of Object.entries(re.namedGroups())) names[i] = name;
  const named = names.filter((n) => n !== '').length;
  if (fn !== 'replace' && named > 0 && named < names.length - 1) throw new EvalError(`${fn}: invalid regexp pattern: cannot mix both named and unnamed capture groups`, at);
  return { re, names };
}

/** Go's FindAllStringSubmatchIndex: non-overlapping matches, no empty match right after one. */
export function findAll(p: Pattern, text: string, limit = -1): number[][] {
  return p.re.re2().findAllSubmatchIndex(text, limit) as number[][] | null ?? [];
}

/**
 * The value `regex` returns for one match (cty's regexPatternResult): the matched text when the
 * pattern has no groups, a list of the groups (null for one that did not take part), or an
 * object of the named groups. Mixing named and unnamed groups is an error, as in Terraform.
 */
export function matchValue(p: Pattern, text: string, m: number[]): Value {
  const groups = p.names.slice(1);
  const group = (i: number): Value => (m[2 * i]! < 0 ? null : text.slice(m[2 * i], m[2 * i + 1]));
  if (groups.length === 0) return group(0);
  if (groups[0] === '') return groups.map((_n, k) => group(k + 1));
  const out = newObject();
  groups.forEach((name, k) => (out[name] = group(k + 1)));
  return out;
}

/** Go's Regexp.ReplaceAllString: `$1`, `${1}`, `$name`, `${name}`, `$$`; a missing group is empty. */
export function replaceAll(p: Pattern, text: string, template: string, checkLength: (n: number) => void): string {
  let out = '';
  let last = 0;
  for (const m of findAll(p, text)) {
    out += text.slice(last, m[0]) + expand(p, text, m, template);
    checkLength(out.length);
    last = m[1]!;
  }
  return out + text.slice(last);
}

const GROUP_REF = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u;

function expand(p: Pattern, text: string, m: number[], template: string): string {
  let out = '';
  let rest = template;
  for (let at = rest.indexOf('$'); at >= 0; at = rest.indexOf('$')) {
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = GROUP_REF.exec(rest);
    if (!ref) {
      out += '$'; // malformed: Go keeps the dollar sign as text
      continue;
    }
    rest = rest.slice(ref[0].length);
    const name = ref[1] ?? ref[2]!;
    const index = /^(0|[1-9][0-9]{0,7})$/.test(name) ? Number(name) : p.names.indexOf(name, 1);
    if (index >= 0 && index < p.names.length && m[2 * index]! >= 0) out += text.slice(m[2 * index], m[2 * index + 1]);
  }
  return out + rest;
}
