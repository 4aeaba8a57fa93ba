import { defineRule, ruleText } from '../src/checks/index.js';

export default defineRule({
  id: 'cross-vpc-group-reference',
  severity: 'medium',
  title: 'A rule references a security group in another VPC',
  description:
    'A rule names a group that lives in a different VPC. AWS honours such references only across a VPC peering connection in the same region (or a shared VPC); otherwise the rule matches nothing, and if the intent was to allow the other VPC\'s tier, traffic is silently dropped — or someone "fixes" it with a wide CIDR. The reachability solver matches group members by address, so such rules are reported rather than guessed.',
  help: 'Make sure a peering connection exists and is meant to carry this traffic; otherwise allow the peer VPC\'s subnet ranges explicitly, or use a prefix list.',
  compliance: { nist: ['AC-4', 'SC-7'] },
  examples: {
    bad: 'ingress {\n  from_port       = 5432\n  to_port         = 5432\n  protocol        = "tcp"\n  security_groups = [aws_security_group.other_vpc_app.id]\n}',
    good: 'ingress {\n  from_port       = 5432\n  to_port         = 5432\n  protocol        = "tcp"\n  security_groups = [aws_security_group.app.id] # same VPC\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      if (!g.vpcId) continue;
      for (const r of g.rules) {
        if (r.peer.kind !== 'group') continue;
        const other = ctx.group(r.peer.groupId);
        if (other?.vpcId && other.vpcId !== g.vpcId && !other.external) {
          ctx.report({ at: r, key: r.peer.groupId, message: `${g.address} (in ${g.vpcId}) ${ruleText(r)}, a group in ${other.vpcId}: it works only across a peering connection` });
        }
      }
    }
  },
});
