import { defineRule } from '../src/checks/index.js';

export default defineRule({
  id: 'unused-security-group',
  severity: 'low',
  title: 'A security group is not used by anything',
  description:
    'No instance, interface, load balancer, launch template, service or other group uses this group. Unused groups accumulate permissive rules that nobody reviews and that are one attachment away from being live. Any resource whose attributes name the group counts as a use (ECS services, VPC endpoints, EFS mount targets, ...), as does a reference from another group\'s rule, so the false positives of fixed resource-type lists (Checkov CKV2_AWS_5) do not happen. Default groups cannot be deleted and are not reported; nor are groups in a VPC whose interfaces a partial live read (sglint aws) could not read, where unused cannot be told from unseen.',
  help: 'Delete the group, or attach it where it was meant to be used.',
  compliance: { fsbp: ['EC2.22'], nist: ['CM-7'] },
  examples: {
    bad: 'resource "aws_security_group" "old_api" {\n  name        = "old-api"\n  description = "api before the migration"\n  vpc_id      = aws_vpc.main.id\n}',
    good: '# removed, or attached:\nresource "aws_instance" "api" {\n  # ...\n  vpc_security_group_ids = [aws_security_group.api.id]\n}',
  },
  check(ctx) {
    const referenced = new Set<string>();
    for (const g of ctx.groups) for (const r of g.rules) if (r.peer.kind === 'group' && r.peer.groupId !== g.id) referenced.add(r.peer.groupId);
    for (const g of ctx.groups) {
      if (g.isDefault || g.implicit || g.classic || g.external) continue;
      if (ctx.membersOf(g.id).length || g.usedBy?.length || referenced.has(g.id)) continue;
      // A partial live read that missed the interfaces of the group's VPC cannot tell unused from unseen.
      if (ctx.solution.topology.unreadAt('interfaces', g.vpcId)) continue;
      ctx.report({ at: g, targets: [], message: `${g.address} is not attached to anything and no other group references it` });
    }
  },
});
