import { defineRule, formatPortSet, hasPublicSource, portRange, Traffic, worldOpenRules, type Rule } from '../src/checks/index.js';

/** Admin and data ports: SSH, RDP and the sensitive-port list. */
const DEFAULT_PORTS = [20, 21, 22, 23, 25, 445, 1433, 1521, 2049, 2375, 2379, 3306, 3389, 5432, 5601, 5900, 6379, 9042, 9092, 9200, 9300, 11211, 27017];

export default defineRule({
  id: 'sensitive-port-reachable-from-internet',
  severity: 'critical',
  title: 'A sensitive port is actually reachable from the internet',
  description:
    'Not just a wide rule: the solver found that every internet client can really reach this port on a running endpoint, through every layer — a public IP or Elastic IP (or an internet-facing load balancer), a route to an internet gateway, network ACLs that pass the request and the reply, and a security group rule. This is the finding to fix first. When the answer depends on a value sglint could not know (an unresolved variable, a group outside the input), the message says "may".',
  help: 'Close the port at the rule shown, or move the endpoint to a private subnet behind a load balancer or a bastion. Run `sglint explain <endpoint> --port <port>` to see every layer that lets it through.',
  compliance: { cis: ['5.3', '5.4'], fsbp: ['EC2.13', 'EC2.14', 'EC2.19'], pci: ['1.3.1', '1.4.1'], nist: ['AC-4', 'SC-7'] },
  options: { ports: DEFAULT_PORTS },
  examples: {
    bad: 'resource "aws_instance" "db" {\n  subnet_id                   = aws_subnet.public.id\n  associate_public_ip_address = true\n  vpc_security_group_ids      = [aws_security_group.db.id] # 5432 from 0.0.0.0/0\n}',
    good: 'resource "aws_instance" "db" {\n  subnet_id              = aws_subnet.private.id # no route to the internet gateway\n  vpc_security_group_ids = [aws_security_group.db.id]\n}',
  },
  check(ctx) {
    let wanted = Traffic.NONE;
    for (const p of ctx.options.ports) wanted = wanted.union(Traffic.ports('tcp', portRange(p, p))).union(Traffic.ports('udp', portRange(p, p)));
    const byRule = new Map<Rule, { targets: string[]; ports: Traffic; may: boolean }>();
    const worldOpen = new Map<string, ReturnType<typeof worldOpenRules>>();
    for (const e of ctx.solution.endpoints()) {
      const x = ctx.exposure(e);
      for (const [kind, exposed] of [['cidr4', x.internet], ['cidr6', x.internet6]] as const) {
        const hit = exposed.intersect(wanted);
        if (hit.isEmpty()) continue;
        // Point at the rules that, together, open these ports to the whole internet (not a narrow office range).
        for (const gid of e.groupIds) {
          const group = ctx.group(gid);
          if (!group) continue;
          // World coverage is decided port by port, so two half-internet rules on different ports do not add up.
          const open = exposedPorts(hit, ctx.options.ports).flatMap(([proto, port]) => {
            const key = `${group.id}|${proto}|${port}`;
            let rules = worldOpen.get(key);
            if (!rules) {
              const one = Traffic.ports(proto, portRange(port, port));
              worldOpen.set(key, (rules = worldOpenRules(group, 'ingress', (r) => !Traffic.of(r.protocol, r.ports, r.icmp).intersect(one).isEmpty())));
            }
            return rules;
          });
          for (const { rule: r, family } of open) {
            if ((family === 4 ? 'cidr4' : 'cidr6') !== kind || !hasPublicSource(r)) continue;
            const ports = Traffic.of(r.protocol, r.ports, r.icmp).intersect(hit);
            const entry = byRule.get(r) ?? byRule.set(r, { targets: [], ports: Traffic.NONE, may: false }).get(r)!;
            if (!entry.targets.includes(e.id)) entry.targets.push(e.id);
            entry.ports = entry.ports.union(ports);
            entry.may ||= x.may.length > 0;
          }
        }
      }
    }
    for (const [rule, { targets, ports, may }] of byRule) {
      const what = [ports.tcp.isEmpty() ? '' : `tcp ${formatPortSet(ports.tcp)}`, ports.udp.isEmpty() ? '' : `udp ${formatPortSet(ports.udp)}`].filter(Boolean).join(', ');
      const shown = targets.length > 3 ? `${targets.slice(0, 3).join(', ')} and ${targets.length - 3} more` : targets.join(', ');
      ctx.report({ at: rule, targets, message: `${shown} ${may ? 'may be' : 'is'} reachable from the whole internet on ${what} through this rule (public address, internet gateway route, NACLs and security group all allow it)` });
    }
  },
});

/** The (protocol, port) pairs of `ports` that `hit` contains: usually one or two, not the whole list. */
function exposedPorts(hit: Traffic, ports: number[]): ['tcp' | 'udp', number][] {
  const out: ['tcp' | 'udp', number][] = [];
  for (const port of ports) {
    if (hit.tcp.has(port)) out.push(['tcp', port]);
    if (hit.udp.has(port)) out.push(['udp', port]);
  }
  return out;
}
