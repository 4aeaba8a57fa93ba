import type { Endpoint, Network, Rule, SecurityGroup } from '../model/network.js';
import type { Origin } from '../model/origin.js';
import type { EndpointExposure, Solution } from '../solver/index.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * Framework -> control ids. cis = CIS AWS Foundations v5.0, fsbp = AWS Foundational Security
 * Best Practices, pci = PCI DSS 4.0, nist = NIST SP 800-53 r5, huawei = Huawei Cloud Config
 * managed rules (the provider's own checks, for Huawei Cloud inputs).
 */
export interface Compliance {
  cis?: string[];
  fsbp?: string[];
  pci?: string[];
  nist?: string[];
  huawei?: string[];
}

export interface ReportInput {
  /** What to point at: a rule (its line), a group, or an origin. */
  at: Rule | SecurityGroup | Origin;
  message: string;
  /** Address of the resource that holds the offending rule; defaults to the group's. */
  resource?: string;
  /** Endpoints affected (ids). */
  targets?: string[];
  /** Extra identity for the fingerprint when one rule line yields several findings. */
  key?: string;
  /** Other places that matter (the other hops of a chained path), in order. */
  related?: { at: Origin; message: string }[];
  /** This finding's own severity (a network policy's), instead of the rule's. */
  severity?: Severity;
}

export interface RuleContext<O> {
  readonly network: Network;
  readonly groups: readonly SecurityGroup[];
  readonly endpoints: readonly Endpoint[];
  readonly options: O;
  /** Endpoints that carry a group. */
  membersOf(groupId: string): readonly Endpoint[];
  /** What the solver says about an endpoint: internet exposure, hops, path, peers. */
  exposure(endpoint: Endpoint): EndpointExposure;
  /** The whole reachability solution (computed on first use). */
  readonly solution: Solution;
  group(id: string): SecurityGroup | undefined;
  report(finding: ReportInput): void;
}

export interface RuleDefinition<O extends object = Record<string, never>> {
  /** kebab-case, stable forever: file name, docs slug, SARIF ruleId. */
  id: string;
  severity: Severity;
  title: string;
  /** What the rule finds and why it matters (markdown). */
  description: string;
  /** How to fix it (markdown). */
  help: string;
  compliance?: Compliance;
  /** Defaults for the options; a user's `.sglint.yml` overrides them key by key. */
  options?: O;
  /** JSON Schema for `options` (an object schema); derived from the defaults when left out. */
  optionsSchema?: Record<string, unknown>;
  /** In the `recommended` preset (default true); noisy or opinionated rules say false and run only in `strict`. */
  recommended?: boolean;
  /** Before/after Terraform for the docs. */
  examples?: { bad: string; good: string };
  check(ctx: RuleContext<O>): void;
}

/** Identity function that gives rule authors types and a single place to evolve the API. */
export function defineRule<O extends object = Record<string, never>>(rule: RuleDefinition<O>): RuleDefinition<O> {
  if (typeof rule?.id !== 'string' || !RULE_ID.test(rule.id)) throw new Error(`rule id ${JSON.stringify(rule?.id)} must be kebab-case, optionally with a "plugin/" prefix`);
  if (!SEVERITIES.includes(rule.severity)) throw new Error(`rule ${rule.id}: severity must be one of ${SEVERITIES.join(', ')}`);
  if (typeof rule.check !== 'function') throw new Error(`rule ${rule.id}: check(ctx) is missing`);
  return rule;
}

export const RULE_ID = /^([a-z0-9]+(-[a-z0-9]+)*\/)?[a-z0-9]+(-[a-z0-9]+)*$/;

/** The JSON Schema of a rule's options: the rule's own, or one derived from the types of its defaults. */
export function optionsSchemaOf(rule: RuleDefinition<object>): Record<string, unknown> {
  if (rule.optionsSchema) return rule.optionsSchema;
  const typeOf = (v: unknown): Record<string, unknown> =>
    Array.isArray(v) ? { type: 'array', items: v.length ? typeOf(v[0]) : {} }
    : typeof v === 'number' ? { type: Number.isInteger(v) ? 'integer' : 'number' }
    : typeof v === 'boolean' ? { type: 'boolean' }
    : typeof v === 'string' ? { type: 'string' }
    : v && typeof v === 'object' ? { type: 'object' } : {};
  const properties = Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, v]) => [k, typeOf(v)]));
  return { type: 'object', properties, additionalProperties: false };
}
