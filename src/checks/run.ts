import type { Endpoint, Network, Rule, SecurityGroup } from '../model/network.js';
import type { Origin } from '../model/origin.js';
import { solve, type Solution } from '../solver/index.js';
import { fingerprint, type Location, type RawFinding } from './finding.js';
import type { ReportInput, RuleContext, RuleDefinition, Severity } from './rule-api.js';

export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface CheckResult {
  findings: RawFinding[];
  /** A rule that threw: reported, never fatal to the other rules. */
  failures: { ruleId: string; message: string; error?: unknown }[];
  /** The reachability solution, computed once: now (if a rule asked for it) or on first call. */
  solution(): Solution;
}

const isRule = (x: ReportInput['at']): x is Rule => 'peer' in x && 'direction' in x;
const isGroup = (x: ReportInput['at']): x is SecurityGroup => 'rules' in x && 'provider' in x;

/** Runs every enabled rule over the network; findings are sorted by file, line, rule. */
export function runRules(network: Network, rules: RuleDefinition<object>[], settings: Map<string, RuleSetting> = new Map()): CheckResult {
  const groups = new Map(network.groups.map((g) => [g.id, g]));
  const members = new Map<string, Endpoint[]>();
  for (const e of network.endpoints) for (const g of e.groupIds) (members.get(g) ?? members.set(g, []).get(g)!).push(e);
  const findings: RawFinding[] = [];
  const failures: CheckResult['failures'] = [];
  const seen = new Set<string>();
  // Reachability is computed only if a rule asks for it, once for all rules.
  let solution: Solution | undefined;
  const sol = (): Solution => (solution ??= solve(network));
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (setting && !setting.enabled) continue;
    const severity = setting?.severity ?? rule.severity;
    const ctx: RuleContext<object> = {
      network,
      groups: network.groups,
      endpoints: network.endpoints,
      options: { ...(rule.options ?? {}), ...(setting?.options ?? {}) },
      membersOf: (id) => members.get(id) ?? [],
      exposure: (e) => sol().exposure(e),
      get solution() {
        return sol();
      },
      group: (id) => groups.get(id),
      report(input) {
        const origin: Origin = isGroup(input.at) ? input.at.origin : isRule(input.at) ? input.at.origin : input.at;
        const owner = isRule(input.at) ? groups.get(input.at.groupId) : isGroup(input.at) ? input.at : undefined;
        const resource = input.resource ?? origin.address ?? owner?.address ?? '';
        const key = [isRule(input.at) ? input.at.key : '', input.key ?? ''].join('|');
        const fp = fingerprint(rule.id, origin.file, resource, key);
        if (seen.has(fp)) return;
        seen.add(fp);
        findings.push({
          ruleId: rule.id, severity: input.severity ?? severity, message: input.message,
          location: locationOf(origin),
          resource, targets: input.targets ?? (owner ? (members.get(owner.id) ?? []).map((e) => e.id) : []), fingerprint: fp,
          ...(owner && owner.origin !== origin ? { container: locationOf(owner.origin) } : {}),
          ...(input.related?.length ? { related: input.related.map((r) => ({ ...locationOf(r.at), message: r.message })) } : {}),
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      failures.push({ ruleId: rule.id, message: err instanceof Error ? err.message : String(err), error: err });
    }
  }
  findings.sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line || a.location.column - b.location.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)));
  return { findings, failures, solution: sol };
}

const locationOf = (o: Origin): Location => ({ file: o.file, line: o.line, column: o.column, ...(o.endLine ? { endLine: o.endLine } : {}), ...(o.endColumn ? { endColumn: o.endColumn } : {}) });
