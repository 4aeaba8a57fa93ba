import { defineRule, explain, isRunning, NO_PUBLIC_IP, sourceText, Traffic, worldOpenRules, type Endpoint, type RuleContext } from '../src/checks/index.js';

export default defineRule({
  id: 'open-rule-not-effective',
  severity: 'low',
  title: 'A world-open rule that does not take effect (yet)',
  description:
    'The rule opens ports to the whole internet, but no endpoint it is attached to is actually reachable there: the endpoints have no public IP, sit in a private subnet (no route to an internet gateway), or a network ACL denies the traffic. It is not exposed today — but one change to a subnet, a NACL or an Elastic IP makes it so. The message says which layer holds it back. A group with no endpoints at all is left to the unused-group check.',
  help: 'Narrow the rule to the sources that need it. If it is meant to be reachable only through a load balancer, reference the load balancer\'s group instead of 0.0.0.0/0.',
  compliance: { nist: ['CM-7', 'SC-7'] },
  examples: {
    bad: '# attached to instances in a private subnet\ningress {\n  from_port   = 9200\n  to_port     = 9200\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'ingress {\n  from_port       = 9200\n  to_port         = 9200\n  protocol        = "tcp"\n  security_groups = [aws_security_group.app.id]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      // A group outside the input (a placeholder, a literal id) may protect endpoints sglint never saw.
      if (group.external) continue;
      const members = ctx.membersOf(group.id).filter(isRunning);
      if (members.length === 0) continue;
      for (const { rule, family } of worldOpenRules(group, 'ingress', () => true)) {
        const proto = rule.protocol === 17 ? 'udp' : 'tcp';
        const port = rule.ports?.from ?? (rule.protocol === 6 || rule.protocol === 17 || rule.protocol === -1 ? 22 : undefined);
        const sample = rule.protocol === 1 ? { proto: 'icmp' as const } : port === undefined ? null : { proto: proto as 'tcp' | 'udp', port };
        if (!sample) continue;
        const reasons = new Map<string, string[]>();
        let effective = false;
        for (const e of members) {
          const x = ctx.exposure(e);
          if (!(family === 4 ? x.internet : x.internet6).intersect(Traffic.of(rule.protocol, rule.ports, rule.icmp)).isEmpty()) {
            effective = true;
            break;
          }
          const reason = family === 6 ? ipv6Reason(ctx, e) : e.publicIp === false ? NO_PUBLIC_IP : directReason(ctx, e.id, sample);
          (reasons.get(reason) ?? reasons.set(reason, []).get(reason)!).push(e.id);
        }
        if (effective || reasons.size === 0) continue;
        const text = [...reasons].slice(0, 3).map(([why, ids]) => `${ids.length > 2 ? `${ids.slice(0, 2).join(', ')} and ${ids.length - 2} more` : ids.join(', ')}: ${why}`).join('; ');
        ctx.report({ at: rule, message: `${group.address} opens ${sample.proto}${'port' in sample ? `/${sample.port}` : ''} to ${sourceText(rule)}, but it is not reachable from the internet in effect — ${text}` });
      }
    }
  },
});

type Ctx = RuleContext<Record<string, never>>;

/** The first layer that stops a direct IPv4 connection from the internet. */
function directReason(ctx: Ctx, id: string, sample: { proto: 'tcp' | 'udp' | 'icmp'; port?: number }): string {
  const why = explain(ctx.solution, { target: id, direct: true, ...sample });
  if ('error' in why) return why.error;
  return why.hops[0]?.steps.find((s) => s.verdict === 'block')?.detail ?? 'another layer blocks it';
}

function ipv6Reason(ctx: Ctx, e: Endpoint): string {
  if (!e.hasIpv6) return 'it has no IPv6 address';
  const topo = ctx.solution.topology;
  const table = e.subnetIds[0] ? topo.routeTableFor(e.subnetIds[0]) : null;
  const v6Route = table?.routes.some((r) => r.targetKind === 'internet-gateway' && r.destination.includes(':'));
  return v6Route ? 'a network ACL blocks the IPv6 traffic' : `${table?.address ?? 'its route table'} has no IPv6 route to an internet gateway`;
}
