import { defineRule, type Rule } from '../src/checks/index.js';

export default defineRule({
  id: 'rule-quota-headroom',
  severity: 'medium',
  title: 'A security group is at or near its rule quota',
  description:
    'Clouds cap the rules per group, and the next `apply` that adds one fails — often during an incident. AWS allows 60 inbound and 60 outbound rules per group, counted separately for IPv4 and IPv6; every CIDR and every group reference is one rule, and a rule naming a managed prefix list counts as the list\'s max entries. Huawei Cloud\'s default quota is 50 rules per group, OpenStack Neutron\'s 100 rules per project (checked per group here). Limits and the headroom are options, for accounts with raised quotas.',
  help: 'Merge adjacent port ranges and CIDRs, move address lists into a managed prefix list, or split the group by role.',
  compliance: { nist: ['CM-6', 'SC-7'] },
  options: { limits: { aws: 60, huawei: 50, openstack: 100 } as Record<string, number>, headroom: 5 },
  examples: {
    bad: '# 58 ingress CIDR blocks in one group: two more and the next apply fails\ningress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = local.partner_cidrs # 58 entries\n}',
    good: 'ingress {\n  from_port       = 443\n  to_port         = 443\n  protocol        = "tcp"\n  prefix_list_ids = [aws_ec2_managed_prefix_list.partners.id]\n}',
  },
  check(ctx) {
    const weight = new Map(ctx.network.prefixLists.map((p) => [p.id, { n: p.maxEntries ?? p.cidrs.length, v6: p.cidrs.some((c) => c.includes(':')) }]));
    for (const g of ctx.groups) {
      if (g.external || g.classic) continue;
      const limit = ctx.options.limits[g.provider];
      if (!limit) continue;
      for (const direction of ['ingress', 'egress'] as const) {
        const rules = g.rules.filter((r) => r.direction === direction && !r.implicit);
        const counts = g.provider === 'aws' ? awsCounts(rules, weight) : { all: rules.length };
        for (const [family, n] of Object.entries(counts)) {
          if (n <= limit - ctx.options.headroom) continue;
          const label = family === 'all' ? '' : ` ${family}`;
          const state = n > limit ? `exceeds the quota: ${n} of ${limit}` : `has ${n} of ${limit} allowed (headroom ${limit - n})`;
          ctx.report({ at: g, key: `${direction}/${family}`, message: `${g.address} ${state}${label} ${direction} rules` });
        }
      }
    }
  },
});

/** AWS quota units per IP version: CIDRs and group references 1 each, prefix lists their max entries. */
function awsCounts(rules: Rule[], weight: Map<string, { n: number; v6: boolean }>): Record<string, number> {
  let ipv4 = 0;
  let ipv6 = 0;
  for (const r of rules) {
    if (r.peer.kind === 'cidr6') ipv6++;
    else if (r.peer.kind === 'prefixList') {
      const w = weight.get(r.peer.id);
      if (w?.v6) ipv6 += w.n || 1;
      else ipv4 += w?.n || 1;
    } else ipv4++;
  }
  return { IPv4: ipv4, IPv6: ipv6 };
}

