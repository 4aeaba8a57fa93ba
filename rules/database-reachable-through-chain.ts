import { defineRule, edgeTraffic, explain, formatPortSet, portRange, Traffic, type Endpoint, type Origin, type Rule, type Solution } from '../src/checks/index.js';

const DB_PORTS = [1433, 1521, 2379, 3306, 5432, 5984, 6379, 7000, 8086, 9042, 9200, 9300, 11211, 27017, 28015];

export default defineRule({
  id: 'database-reachable-through-chain',
  severity: 'high',
  title: 'A database or cache is reachable from the internet through a chain of hops',
  description:
    'No single rule is wrong, yet an attacker on the internet can reach the database: internet → an exposed endpoint (a load balancer, a bastion, a web server) → ... → the database port, each hop allowed by the groups, routes and NACLs in between. Linters that read one rule at a time cannot see this; sglint follows the chain (shortest path first) and reports it at the database rule that admits the last hop.',
  help: 'Break the chain where it is least needed: let only the application tier reach the database (not the bastion or the web tier), and keep the hop before it from being reachable from the internet. `sglint explain <database>` prints every hop and the rule that allows it.',
  compliance: { pci: ['1.3.1', '1.4.4'], nist: ['AC-4', 'SC-7'] },
  options: { ports: DB_PORTS },
  examples: {
    bad: 'resource "aws_vpc_security_group_ingress_rule" "db_from_bastion" {\n  security_group_id            = aws_security_group.db.id\n  referenced_security_group_id = aws_security_group.bastion.id # bastion: SSH from 0.0.0.0/0\n  from_port                    = 5432\n  to_port                      = 5432\n  ip_protocol                  = "tcp"\n}',
    good: 'resource "aws_vpc_security_group_ingress_rule" "db_from_app" {\n  security_group_id            = aws_security_group.db.id\n  referenced_security_group_id = aws_security_group.app.id\n  from_port                    = 5432\n  to_port                      = 5432\n  ip_protocol                  = "tcp"\n}',
  },
  check(ctx) {
    let dbPorts = Traffic.NONE;
    for (const p of ctx.options.ports) dbPorts = dbPorts.union(Traffic.ports('tcp', portRange(p, p)));
    const topo = ctx.solution.topology;
    // One finding per database-side rule: the endpoints it lets the chain reach are its targets.
    // Keyed by the rule that admits the last hop (or, when none names it, by the endpoint).
    const byRule = new Map<Rule | Endpoint, { at: Rule | Origin; key: string; targets: string[]; example: string; ports: Traffic; may: boolean; hops: number; related: { at: Origin; message: string }[] }>();
    for (const e of ctx.solution.endpoints()) {
      const x = ctx.exposure(e);
      if (x.hopsFromInternet === null || x.hopsFromInternet < 1) continue;
      const prev = topo.endpoints.get(x.path[x.path.length - 2]!.id)!;
      const carried = edgeTraffic(prev, e, topo);
      const isStore = e.kind === 'database' || e.kind === 'cache';
      const ports = isStore ? carried.filter((p) => p === 'tcp') : carried.intersect(dbPorts);
      const relevant = isStore && e.servicePort !== undefined ? ports.intersect(Traffic.ports('tcp', portRange(e.servicePort, e.servicePort))) : ports;
      if (relevant.isEmpty()) continue;
      const rule = e.groupIds.flatMap((g) => ctx.group(g)?.rules ?? []).find((r) => r.direction === 'ingress' && r.action === 'allow' && !Traffic.of(r.protocol, r.ports, r.icmp).intersect(relevant).isEmpty() && (r.peer.kind !== 'group' || prev.groupIds.includes(r.peer.groupId)));
      const last = x.path.length - 1;
      const path = x.path.map((h, i) => (i === 0 ? 'internet' : `${h.id}:${i === last ? relevant.tcp.ranges[0]![0] : h.port ?? h.proto}`)).join(' -> ');
      const key = rule ?? e;
      const entry = byRule.get(key);
      if (entry) {
        entry.targets.push(e.id);
        entry.ports = entry.ports.union(relevant);
        entry.may ||= x.may.length > 0;
        if (x.hopsFromInternet < entry.hops) Object.assign(entry, { example: path, hops: x.hopsFromInternet, related: hopRules(ctx.solution, e, relevant.tcp.ranges[0]![0]) });
      } else byRule.set(key, { at: rule ?? e.origin, key: rule ? '' : e.id, targets: [e.id], example: path, ports: relevant, may: x.may.length > 0, hops: x.hopsFromInternet, related: hopRules(ctx.solution, e, relevant.tcp.ranges[0]![0]) });
    }
    for (const { at, key, targets, example, ports, may, hops, related } of byRule.values()) {
      const who = targets.length === 1 ? targets[0]! : `${targets.length} endpoints (${targets.slice(0, 2).join(', ')}${targets.length > 2 ? ', ...' : ''})`;
      ctx.report({
        at, targets, key, related,
        message: `${who} ${may ? 'may be' : targets.length === 1 ? 'is' : 'are'} reachable from the internet on tcp ${formatPortSet(ports.tcp)} through ${targets.length === 1 ? `${hops} hop${hops === 1 ? '' : 's'}` : `${hops} or more hops`}, e.g. ${example}`,
      });
    }
  },
});

/**
 * Each hop of the example path, from the internet to the target, at the rule that admits it (the
 * security group rule, else the endpoint): code scanning shows them as the steps of the path.
 */
function hopRules(sol: Solution, target: Endpoint, port: number): { at: Origin; message: string }[] {
  const e = explain(sol, { target: target.id, port, proto: 'tcp' });
  if ('error' in e) return [];
  return e.hops.map((h) => {
    const admits = h.steps.find((s) => s.layer === 'security-group' && s.verdict === 'allow' && s.origin?.file);
    const to = sol.topology.endpoints.get(h.to);
    return { at: admits?.origin ?? to?.origin ?? target.origin, message: `${h.from} → ${h.to} on ${h.packet}` };
  });
}
