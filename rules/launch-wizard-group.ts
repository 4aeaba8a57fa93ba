import { defineRule } from '../src/checks/index.js';

export default defineRule({
  id: 'launch-wizard-group',
  severity: 'medium',
  title: 'A security group created by the EC2 launch wizard',
  description:
    'Groups named `launch-wizard-N` are created by the console\'s instance launch wizard, usually with SSH or RDP open to 0.0.0.0/0, and are rarely reviewed afterwards (Prowler `ec2_securitygroup_from_launch_wizard`).',
  help: 'Replace it with a group managed in code, with the rules the instance needs, and delete the wizard group.',
  compliance: { nist: ['CM-2', 'CM-7'] },
  examples: {
    bad: 'resource "aws_security_group" "imported" {\n  name        = "launch-wizard-3"\n  description = "launch-wizard-3 created 2024-02-01"\n  vpc_id      = aws_vpc.main.id\n}',
    good: 'resource "aws_security_group" "bastion" {\n  name        = "bastion"\n  description = "bastion: SSH from the office"\n  vpc_id      = aws_vpc.main.id\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      if (/^launch-wizard-\d+$/i.test(g.name ?? '')) ctx.report({ at: g, message: `${g.address} (${g.name}) was created by the EC2 launch wizard` });
    }
  },
});
