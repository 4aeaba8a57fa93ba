import { defineRule } from '../src/checks/index.js';

export default defineRule({
  id: 'security-group-missing-description',
  severity: 'low',
  title: 'A security group has no meaningful description',
  description:
    'A security group without a description, or with Terraform\'s placeholder "Managed by Terraform" (what the provider writes when `description` is left out), tells reviewers and incident responders nothing about what it protects. The description cannot be changed without replacing the group, so it is worth getting right at creation.',
  help: 'Set `description` to what the group is for, for example "app tier: HTTPS from the load balancer".',
  compliance: { pci: ['1.2.7'], nist: ['CM-8'] },
  examples: {
    bad: 'resource "aws_security_group" "app" {\n  name   = "app"\n  vpc_id = aws_vpc.main.id\n}',
    good: 'resource "aws_security_group" "app" {\n  name        = "app"\n  description = "app tier: HTTPS from the load balancer"\n  vpc_id      = aws_vpc.main.id\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      if (g.isDefault || g.implicit || g.classic || g.external) continue;
      const d = g.description?.trim() ?? '';
      if (d === '' || d === 'Managed by Terraform') {
        ctx.report({ at: g, message: d ? `${g.address} has Terraform's placeholder description "Managed by Terraform"` : `${g.address} has no description` });
      }
    }
  },
});
