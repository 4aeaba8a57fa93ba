import { Unknown } from '../../model/unknown.js';
import { dict, own } from '../own.js';
import type { Value } from '../terraform/eval/values.js';

/** Resource types whose `Ref` is an ARN (the rest return their id). */
const REF_IS_ARN = new Set(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancingV2::Listener']);
/** `Fn::GetAtt` attributes that name objects sglint models (the rest are known only after deployment). */
const ATTRIBUTES: Record<string, (id: string) => string> = {
  Arn: (id) => `arn:sglint:${id}`, LoadBalancerArn: (id) => `arn:sglint:${id}`, TargetGroupArn: (id) => `arn:sglint:${id}`,
  GroupId: (id) => id, VpcId: (id) => id, SubnetId: (id) => id, Id: (id) => id, AllocationId: (id) => id, InstanceId: (id) => id,
  DefaultSecurityGroup: (id) => `${id}/default-security-group`, DefaultNetworkAcl: (id) => `${id}/default-network-acl`,
};
/** Pseudo parameters depend on where and how the stack is deployed: unknown, never a guessed region or account. */
const PSEUDO: Record<string, Value> = Object.fromEntries(
  ['AWS::Region', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::NotificationARNs']
    .map((name) => [name, new Unknown(`${name} is known when the stack is deployed`)]),
);
export const NO_VALUE = Symbol('AWS::NoValue');

export interface TemplateContext {
  parameters: Record<string, { Default?: unknown; Type?: string }>;
  overrides: Record<string, string>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  conditions: Record<string, unknown>;
  resources: Record<string, { Type?: string }>;
  /** Reports a problem at a template path. */
  error(message: string, path: string[]): void;
  /** Reports what sglint cannot read statically (a macro) at a template path. */
  warn(message: string, path: string[]): void;
}

/**
 * Evaluates CloudFormation intrinsic functions statically: parameters take their defaults (or
 * --var overrides), conditions are decided when their inputs are known, references to resources
 * become the ids the model uses (the logical id; `arn:sglint:<id>` for ARNs); what depends on
 * deployment is an explicit Unknown.
 */
export class Intrinsics {
  private readonly conditionCache = new Map<string, boolean | Unknown>();

  constructor(private readonly t: TemplateContext) {}

  value(v: unknown, path: string[]): Value | typeof NO_VALUE {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.map((x, i) => this.value(x, [...path, String(i)])).filter((x): x is Value => x !== NO_VALUE);
    if (typeof v !== 'object') return v as Value;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'))) return this.intrinsic(keys[0]!, o[keys[0]!], [...path, keys[0]!]);
    const out = dict<Value>();
    for (const k of keys) {
      const x = this.value(o[k], [...path, k]);
      if (x !== NO_VALUE) out[k] = x;
    }
    return out;
  }

  condition(name: string, path: string[]): boolean | Unknown {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!Object.hasOwn(this.t.conditions, name)) {
      this.t.error(`condition ${name} is not defined in Conditions`, path);
      return new Unknown(`condition ${name} is not defined`);
    }
    this.conditionCache.set(name, new Unknown(`condition ${name} depends on itself`));
    const r = this.bool(own(this.t.conditions, name), ['Conditions', name]);
    this.conditionCache.set(name, r);
    return r;
  }

  private bool(v: unknown, path: string[]): boolean | Unknown {
    const r = this.value(v, path);
    return typeof r === 'boolean' || r instanceof Unknown ? r : r === 'true' ? true : r === 'false' ? false : new Unknown('not a condition');
  }

  private intrinsic(fn: string, arg: unknown, path: string[]): Value | typeof NO_VALUE {
    const list = (n: number): unknown[] | undefined => (Array.isArray(arg) && arg.length >= n ? arg : (this.t.error(`${fn} expects a list of ${n}`, path), undefined));
    switch (fn) {
      case 'Ref': return this.ref(asText(arg), path);
      case 'Fn::GetAtt': {
        const [res, attr] = Array.isArray(arg) ? arg.map(asText) : asText(arg).split(/\.(.*)/);
        if (!res || !Object.hasOwn(this.t.resources, res)) {
          this.t.error(`Fn::GetAtt names ${res}, which is not a resource of this template`, path);
          return new Unknown(`${res} is not in the template`);
        }
        const make = own(ATTRIBUTES, attr ?? '');
        return make ? make(res) : new Unknown(`${res}.${attr} is known only after deployment`);
      }
      case 'Fn::Sub': return this.sub(arg, path);
      case 'Fn::Join': {
        const a = list(2);
        if (!a) return new Unknown('bad Fn::Join');
        const items = this.value(a[1], [...path, '1']);
        if (items instanceof Unknown) return items;
        if (!Array.isArray(items)) return new Unknown('Fn::Join of a non-list');
        const bad = items.find((x) => x instanceof Unknown);
        return bad ?? items.map((x) => asText(x)).join(asText(a[0]));
      }
      case 'Fn::Select': {
        const a = list(2);
        const items = a ? this.value(a[1], [...path, '1']) : null;
        const index = a ? this.value(a[0], [...path, '0']) : undefined;
        const i = typeof index === 'number' || typeof index === 'string' ? Number(index) : NaN;
        return Array.isArray(items) && Number.isInteger(i) && i >= 0 && i < items.length ? items[i]! : items instanceof Unknown ? items : new Unknown('Fn::Select out of range or over an unknown list');
      }
      case 'Fn::Split': {
        const a = list(2);
        const s = a ? this.value(a[1], [...path, '1']) : null;
        return typeof s === 'string' ? s.split(asText(a![0])) : s instanceof Unknown ? s : new Unknown('Fn::Split of a non-string');
      }
      case 'Fn::If': {
        const a = list(3);
        if (!a) return new Unknown('bad Fn::If');
        const c = this.condition(asText(a[0]), path);
        if (c instanceof Unknown) return new Unknown(`condition ${asText(a[0])} cannot be decided statically`);
        return this.value(c ? a[1] : a[2], [...path, c ? '1' : '2']);
      }
      case 'Fn::FindInMap': {
        const a = list(3);
        if (!a) return new Unknown('bad Fn::FindInMap');
        const [m, k1, k2] = a.map((x, i) => this.value(x, [...path, String(i)]));
        if ([m, k1, k2].some((x) => x instanceof Unknown)) return new Unknown('Fn::FindInMap with an unknown key');
        const found = own(own(own(this.t.mappings, asText(m)), asText(k1)), asText(k2));
        if (found === undefined) {
          this.t.error(`Fn::FindInMap: ${asText(m)}.${asText(k1)}.${asText(k2)} is not in Mappings`, path);
          return new Unknown('not in Mappings');
        }
        return this.value(found, ['Mappings', asText(m), asText(k1), asText(k2)]);
      }
      case 'Fn::ImportValue': return new Unknown('imported from another stack (Fn::ImportValue)');
      case 'Fn::GetAZs': return new Unknown('the Availability Zones of the region the stack is deployed in (Fn::GetAZs)');
      case 'Fn::Transform': {
        const name = (arg as { Name?: unknown } | null)?.Name;
        this.t.warn(`Fn::Transform ${typeof name === 'string' ? name : ''} is a macro run at deployment: its result is unknown to sglint`.replace('  ', ' '), path);
        return new Unknown(`the result of the macro ${typeof name === 'string' ? name : ''} (Fn::Transform)`);
      }
      case 'Fn::Base64': return this.value(arg, path);
      case 'Fn::Cidr': return new Unknown('Fn::Cidr is computed at deployment');
      case 'Fn::Length': {
        const items = this.value(arg, path);
        return Array.isArray(items) ? items.length : new Unknown('Fn::Length of an unknown list');
      }
      case 'Fn::ToJsonString': return JSON.stringify(this.value(arg, path));
      case 'Fn::Equals': {
        const a = list(2);
        if (!a) return new Unknown('bad Fn::Equals');
        const [x, y] = a.map((v, i) => this.value(v, [...path, String(i)]));
        return x instanceof Unknown || y instanceof Unknown ? new Unknown('Fn::Equals over unknown values') : JSON.stringify(x) === JSON.stringify(y);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const parts = (Array.isArray(arg) ? arg : []).map((x, i) => this.bool(x, [...path, String(i)]));
        if (fn === 'Fn::And' ? parts.some((p) => p === false) : parts.some((p) => p === true)) return fn === 'Fn::Or';
        return parts.some((p) => p instanceof Unknown) ? new Unknown(`${fn} over unknown conditions`) : fn === 'Fn::And';
      }
      case 'Fn::Not': {
        const p = this.bool(Array.isArray(arg) ? arg[0] : arg, path);
        return p instanceof Unknown ? p : !p;
      }
      case 'Condition' as string: return this.condition(asText(arg), path);
      default:
        this.t.error(`unknown intrinsic function ${fn}: expected Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If, Fn::Select, Fn::Split, Fn::FindInMap, Fn::ImportValue, Fn::GetAZs, Fn::Base64, Fn::Cidr or a condition function`, path);
        return new Unknown(`${fn} is not a CloudFormation function sglint knows`);
    }
  }

  private ref(name: string, path: string[]): Value | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const pseudo = own(PSEUDO, name);
    if (pseudo !== undefined) return pseudo;
    const p = own(this.t.parameters, name);
    if (p) {
      const raw = own(this.t.overrides, name) ?? p.Default;
      if (raw === undefined) return new Unknown(`parameter ${name} has no default (pass --var ${name}=...)`);
      return /^(CommaDelimitedList|List<)/.test(p.Type ?? '') && typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : (raw as Value);
    }
    const r = own(this.t.resources, name);
    if (r) return REF_IS_ARN.has(r.Type ?? '') ? `arn:sglint:${name}` : name;
    this.t.error(`Ref to ${name}, which is neither a parameter nor a resource of this template`, path);
    return new Unknown(`${name} is not defined`);
  }

  private sub(arg: unknown, path: string[]): Value {
    const [template, vars] = Array.isArray(arg) ? [asText(arg[0]), (arg[1] ?? {}) as Record<string, unknown>] : [asText(arg), {}];
    let unknown: Unknown | undefined;
    const text = template.replace(/\$\{(!?)([^}]+)\}/g, (_m, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      const v = Object.hasOwn(vars, name) ? this.value(vars[name], [...path, '1', name]) : name.includes('.') && !name.startsWith('AWS::') ? this.intrinsic('Fn::GetAtt', name.split(/\.(.*)/).slice(0, 2), path) : this.ref(name, path);
      if (v instanceof Unknown) unknown = v;
      return v === NO_VALUE ? '' : asText(v);
    });
    return unknown ?? text;
  }
}

/** A template value as text for a name or a message: strings as they are, anything else as JSON (mappings from the template have no prototype to convert them). */
function asText(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined ? 'undefined' : typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === null ? JSON.stringify(v) : String(v);
}
