import type { Endpoint, Network, Rule, SecurityGroup } from '../model/network.js';
import type { Origin } from '../model/origin.js';
import type { EndpointExposure, Solution } from '../solver/index.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** Framework -> control ids. cis = CIS AWS Foundations v5.0, fsbp = AWS Foundational Security Best Practices. */
export interface Compliance {
  cis?: string[];
  fsbp?: string[];
  pci?: string[];
  nist?: string[];
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
  /** Before/after Terraform for the docs. */
  examples?: { bad: string; good: string };
  check(ctx: RuleContext<O>): void;
}

/** Identity function that gives rule authors types and a single place to evolve the API. */
export function defineRule<O extends object = Record<string, never>>(rule: RuleDefinition<O>): RuleDefinition<O> {
  if (!/^([a-z0-9]+\/)?[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`rule id ${JSON.stringify(rule.id)} must be kebab-case`);
  return rule;
}
