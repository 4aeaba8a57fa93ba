import { defineRule, evaluatePolicy, INTERNET, ReachEngine, type ConfiguredPolicy, type Origin, type PolicyViolation, type Traffic } from '../src/checks/index.js';

const MAX_NAMED = 3;
const names = (ids: string[]): string => (ids.length <= MAX_NAMED ? ids.join(', ') : `${ids.slice(0, MAX_NAMED).join(', ')} and ${ids.length - MAX_NAMED} more`);

function trafficText(t: Traffic): string {
  const ranges = (rs: readonly (readonly [number, number])[]): string => rs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
  const parts: string[] = [];
  if (!t.tcp.isEmpty()) parts.push(`tcp ${ranges(t.tcp.ranges)}`);
  if (!t.udp.isEmpty()) parts.push(`udp ${ranges(t.udp.ranges)}`);
  if (!t.icmp.isEmpty() || !t.icmp6.isEmpty()) parts.push('icmp');
  if (!t.other.isEmpty()) parts.push('other protocols');
  return parts.join('; ');
}

const side = (x: string | string[] | undefined): string => (x === undefined ? 'any' : Array.isArray(x) ? x.join(' or ') : x);

/** What the policy says, in a few words, for the message. */
function statement(p: ConfiguredPolicy): string {
  const spec = p.forbid ?? p.only!;
  const what = spec.ports !== undefined || spec.protocol !== undefined ? ` on ${spec.protocol ?? 'tcp'}${spec.ports !== undefined ? ` ${spec.ports}` : ''}` : '';
  const limits = `${p.maxHops !== undefined ? ` within ${p.maxHops} hop(s)` : ''}${p.through !== undefined ? ` except through ${side(p.through)}` : ''}`;
  return p.forbid ? `no path from ${side(spec.from)} to ${side(spec.to)}${what}${limits}` : `only ${side(spec.from)} may reach ${side(spec.to)}${what}${limits}`;
}

export default defineRule({
  id: 'network-policy',
  severity: 'high',
  title: 'A path between endpoints breaks a network policy of .sglint.yml',
  description:
    'Network policies (`policies:` in `.sglint.yml`) state which endpoints may reach which: `forbid` (no path from these sources to these targets on this traffic), `only` (these targets on this traffic only from these sources), with `maxHops`, `through` (paths through a bastion group or an inspection subnet are allowed) and `except`. sglint follows every chain of hops (each allowed by groups, NACLs and routes) between classes of alike endpoints, and reports each violating path with its shortest witness: every hop, with the rule line that allows it. See docs/policies.md.',
  help: 'Remove or narrow the rule that opens the last hop (the finding points at it), or an earlier hop of the witness path (the related locations). If the path is intended, add an `except` entry to the policy, or suppress the finding where it points.',
  compliance: { pci: ['1.2.1', '1.3.1', '1.4.1'], nist: ['AC-4', 'SC-7'] },
  options: { policies: [] as ConfiguredPolicy[] },
  optionsSchema: { type: 'object', properties: { policies: { type: 'array', description: 'Set from `policies:` at the top level of .sglint.yml.' } }, additionalProperties: false },
  examples: {
    bad: '# .sglint.yml\npolicies:\n  - id: db-isolated\n    forbid: { from: internet, to: "tag:tier=db" }\n\n# main.tf: the bastion (SSH from 0.0.0.0/0) may open the database\nresource "aws_vpc_security_group_ingress_rule" "db_from_bastion" {\n  security_group_id            = aws_security_group.db.id\n  referenced_security_group_id = aws_security_group.bastion.id\n  from_port                    = 5432\n  to_port                      = 5432\n  ip_protocol                  = "tcp"\n}',
    good: 'resource "aws_vpc_security_group_ingress_rule" "db_from_app" {\n  security_group_id            = aws_security_group.db.id\n  referenced_security_group_id = aws_security_group.app.id # not reachable from the internet\n  from_port                    = 5432\n  to_port                      = 5432\n  ip_protocol                  = "tcp"\n}',
  },
  check(ctx) {
    const policies = ctx.options.policies;
    if (!policies.length) return;
    const engine = new ReachEngine(ctx.solution);
    const running = ctx.solution.topology.running;
    for (const policy of policies) {
      for (const v of evaluatePolicy(engine, policy)) report(v, policy);
    }

    function report(v: PolicyViolation, policy: ConfiguredPolicy): void {
      const a = v.answer;
      const targets = a.target.endpoints.map((i) => running[i]!.id);
      const sources = a.source.classId === INTERNET ? ['the internet'] : a.source.endpoints.map((i) => running[i]!.id);
      const hops = engine.witness(a);
      const gate = (k: number): Origin | undefined => hops[k]!.steps.find((s) => s.layer === 'security-group' && s.verdict !== 'block')?.origin;
      const last = hops.length - 1;
      const at = gate(last) ?? running[a.target.endpoints[0]!]!.origin;
      const route = [hops[0]!.from, ...hops.map((h) => `${h.to} (${h.packet})`)].join(' -> ');
      ctx.report({
        at,
        ...(policy.severity ? { severity: policy.severity } : {}),
        targets,
        key: `${policy.id}|${targets[0]}|${a.source.classId === INTERNET ? 'internet' : sources[0]}`,
        message: `policy ${policy.id} (${statement(policy)}; ${policy.file}:${policy.line}): ${names(sources)} can reach ${names(targets)} on ${trafficText(a.traffic)} in ${a.hops} hop(s): ${route}`,
        // The hops in order (SARIF shows them as a code flow); the policy's own line is named in the message.
        related: hops.map((h, k) => ({ at: gate(k) ?? ctx.solution.topology.endpoints.get(h.to)!.origin, message: `hop ${k + 1}: ${h.from} -> ${h.to} (${h.packet})` })),
      });
    }
  },
});
