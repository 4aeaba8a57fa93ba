import { defineRule, isRunning } from '../src/checks/index.js';

export default defineRule({
  id: 'default-security-group-in-use',
  severity: 'medium',
  title: 'A resource uses a VPC\'s default security group',
  description:
    'An instance, interface, load balancer or service is attached to its VPC\'s default security group, either by naming it or by naming no group at all (AWS then attaches the default group). Everything in the default group can reach everything else in it, so unrelated workloads end up trusting each other. The check follows the actual attachment, not the substring "default" in a group id (KICS\'s false positive).',
  help: 'Create a security group per role and attach it explicitly (`vpc_security_group_ids = [aws_security_group.app.id]`).',
  compliance: { cis: ['5.5'], pci: ['1.2.1'], nist: ['AC-4', 'SC-7'] },
  examples: {
    bad: 'resource "aws_instance" "app" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n  subnet_id     = aws_subnet.app.id\n  # no vpc_security_group_ids: the default group is attached\n}',
    good: 'resource "aws_instance" "app" {\n  ami                    = var.ami\n  instance_type          = "t3.micro"\n  subnet_id              = aws_subnet.app.id\n  vpc_security_group_ids = [aws_security_group.app.id]\n}',
  },
  check(ctx) {
    for (const e of ctx.endpoints) {
      if (!isRunning(e) && e.kind !== 'launch-template') continue;
      const defaults = e.groupIds.map((id) => ctx.group(id)).filter((g) => g?.isDefault);
      for (const g of defaults) {
        ctx.report({ at: e.origin, resource: e.address, targets: [e.id], key: g!.id, message: `${e.address} uses the default security group ${g!.address}${g!.implicit ? ' (it names no group, so AWS attaches the default one)' : ''}; give it a group of its own` });
      }
    }
  },
});
