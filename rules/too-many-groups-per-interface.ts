import { defineRule, isRunning } from '../src/checks/index.js';

export default defineRule({
  id: 'too-many-groups-per-interface',
  severity: 'medium',
  title: 'An interface has more security groups than the quota allows',
  description:
    'AWS allows 5 security groups per network interface by default (adjustable up to 16), and the groups\' rules together may not exceed 1,000 per direction; Huawei Cloud allows 5 security groups per instance. Beyond that, the cloud rejects the attachment, so the plan fails at apply time. The limits per provider and the combined-rules limit are options (OpenStack sets no default limit).',
  help: 'Merge groups with the same purpose, or request a quota increase and set `options.groupsPerInterface`.',
  compliance: { nist: ['CM-6'] },
  options: { groupsPerInterface: { aws: 5, huawei: 5 } as Record<string, number>, rulesPerInterface: 1000 },
  examples: {
    bad: 'resource "aws_instance" "app" {\n  # ...\n  vpc_security_group_ids = [for g in aws_security_group.role : g.id] # 6 groups\n}',
    good: 'resource "aws_instance" "app" {\n  # ...\n  vpc_security_group_ids = [aws_security_group.app.id, aws_security_group.monitoring.id]\n}',
  },
  check(ctx) {
    for (const e of ctx.endpoints) {
      if (!isRunning(e) && e.kind !== 'launch-template') continue;
      const groups = [...new Set(e.groupIds)].map((id) => ctx.group(id)).filter((g) => !!g);
      if (groups.length === 0) continue;
      const provider = groups[0]!.provider;
      const limit = ctx.options.groupsPerInterface[provider];
      if (limit && groups.length > limit) {
        ctx.report({ at: e.origin, resource: e.address, targets: [e.id], key: 'groups', message: `${e.address} has ${groups.length} security groups; ${provider === 'aws' ? 'AWS allows' : 'Huawei Cloud allows'} ${limit} per ${provider === 'aws' ? 'interface' : 'instance'}` });
      }
      if (provider !== 'aws') continue;
      for (const direction of ['ingress', 'egress'] as const) {
        const n = groups.reduce((sum, g) => sum + g!.rules.filter((r) => r.direction === direction).length, 0);
        if (n > ctx.options.rulesPerInterface) ctx.report({ at: e.origin, resource: e.address, targets: [e.id], key: direction, message: `${e.address}'s groups have ${n} ${direction} rules together; AWS allows ${ctx.options.rulesPerInterface} per interface` });
      }
    }
  },
});
