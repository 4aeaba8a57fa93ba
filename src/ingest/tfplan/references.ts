import { Unknown } from '../../model/unknown.js';
import { IMPLICIT_CHILDREN } from '../terraform/eval/resource-instance.js';
import type { ConfigModule, Expression, Plan } from './plan-types.js';

/**
 * Turns the `references` of a configuration expression into the ids the Terraform mapper uses
 * (a resource's id is its address, its ARN `arn:sglint:<address>`), so a group that exists only
 * after apply still links to its rules. Module outputs and module variables are followed.
 */
export class References {
  constructor(
    private readonly plan: Plan,
    /** Every resource instance address in the plan. */
    private readonly addresses: Set<string>,
  ) {}

  /** The config module at a module path such as `module.app.` (instance keys ignored). */
  module(prefix: string): ConfigModule | undefined {
    let m = this.plan.configuration?.root_module;
    for (const part of prefix.split('.').reduce<string[]>((acc, p, i, all) => (all[i - 1] === 'module' ? [...acc, p.replace(/\[.*$/, '')] : acc), [])) {
      m = m?.module_calls?.[part]?.module;
    }
    return m;
  }

  /** Ids referenced by an expression, resolved in the module at `prefix` for the instance `index`. */
  resolve(expr: Expression | undefined, prefix: string, index: string, depth = 0, forEach?: Expression): string[] | Unknown {
    if (!expr) return new Unknown('not set');
    if (expr.constant_value !== undefined) {
      const v = expr.constant_value;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : new Unknown('not a string');
    }
    const out: string[] = [];
    const seen = new Set<string>();
    const refs = expr.references ?? [];
    // Terraform lists `aws_vpc.main.default_security_group_id` and then `aws_vpc.main`: the bare one adds nothing.
    // `each.value.id` over `for_each = aws_subnet.public`: the instance of the collection with our key.
    const expanded = refs.flatMap((r) => (/^each\.value\b/.test(r) && forEach?.references ? forEach.references : [r]));
    let specific = expanded.filter((r) => !expanded.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
    // With a resource reference present, variables and locals are its index (`aws_subnet.x[var.az]`), not the value.
    const isResource = (r: string): boolean => /^(module\.|[a-z][\w-]*\.[\w-]+)/.test(r) && !/^(var|local|data|each|count|path|self)\./.test(r);
    if (specific.some(isResource)) specific = specific.filter(isResource);
    for (const ref of specific) {
      const ids = this.one(ref, prefix, index, depth);
      if (ids instanceof Unknown) continue;
      for (const id of ids) {
        if (!seen.has(id)) out.push(id);
        seen.add(id);
      }
    }
    return out.length ? out : new Unknown(`known only after apply (${refs.join(', ') || 'computed'})`);
  }

  private one(ref: string, prefix: string, index: string, depth: number): string[] | Unknown {
    if (depth > 20) return new Unknown('reference chain too deep');
    const mod = /^module\.([\w-]+)\.([\w-]+)$/.exec(ref);
    if (mod) {
      const child = this.module(prefix)?.module_calls?.[mod[1]!]?.module;
      const out = child?.outputs?.[mod[2]!]?.expression;
      return out ? this.resolve(out, `${prefix}module.${mod[1]}.`, '', depth + 1) : new Unknown(`${ref} is not known`);
    }
    const v = /^var\.([\w-]+)$/.exec(ref);
    if (v) {
      if (!prefix) {
        const value = this.plan.variables?.[v[1]!]?.value;
        return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : new Unknown(`var.${v[1]} is not a string`);
      }
      // A module variable: the caller's expression, in the caller's module.
      const parts = prefix.slice(0, -1).split('.');
      const name = parts[parts.length - 1]!.replace(/\[.*$/, '');
      const parent = parts.slice(0, -2).join('.');
      const parentPrefix = parent ? `${parent}.` : '';
      const call = this.module(parentPrefix)?.module_calls?.[name];
      const e = call?.expressions?.[v[1]!];
      return e && !Array.isArray(e) ? this.resolve(e, parentPrefix, '', depth + 1) : new Unknown(`var.${v[1]} is not known`);
    }
    const res = /^([a-z][\w-]*)\.([\w-]+)(\[[^\]]+\])?(?:\.([\w-]+))?/.exec(ref);
    if (!res || ref.startsWith('data.') || ref.startsWith('local.') || ref.startsWith('each.') || ref.startsWith('count.') || ref.startsWith('path.') || ref.startsWith('self.')) return new Unknown(`${ref} cannot be resolved from the plan`);
    const [, type, name, idx, attr] = res;
    const base = `${prefix}${type}.${name}`;
    let address = idx ? `${base}${idx}` : base;
    if (!idx && !this.addresses.has(base)) {
      // count/for_each: the instance with the referrer's own key, or the only one.
      const instances = [...this.addresses].filter((a) => a.startsWith(`${base}[`));
      const same = instances.find((a) => a === `${base}${index}`);
      if (same) address = same;
      else if (instances.length === 0) return new Unknown(`${ref} is not in the plan`);
      // Several instances: all of them (a list such as `subnets`); a single-valued attribute says it is unknown.
      else return instances.map((a) => (attr === 'arn' ? `arn:sglint:${a}` : a));
    }
    if (attr === 'arn') return [`arn:sglint:${address}`];
    const child = attr ? IMPLICIT_CHILDREN[type!]?.[attr] : undefined;
    return [child ? `${address}/${child}` : address];
  }
}
