import { defineRule } from '../src/checks/index.js';

export default defineRule({
  id: 'unused-nacl',
  severity: 'low',
  title: 'A network ACL is not associated with any subnet',
  description:
    'A custom NACL with no subnet protects nothing; its entries give a false impression of protection and are one association away from changing traffic in ways nobody reviewed (Security Hub EC2.16, Checkov CKV2_AWS_1). Associations through `subnet_ids` and `aws_network_acl_association` both count.',
  help: 'Associate it with the subnets it was written for, or delete it.',
  compliance: { fsbp: ['EC2.16'], nist: ['CM-7'] },
  examples: {
    bad: 'resource "aws_network_acl" "spare" {\n  vpc_id = aws_vpc.main.id\n}',
    good: 'resource "aws_network_acl" "app" {\n  vpc_id     = aws_vpc.main.id\n  subnet_ids = [aws_subnet.app.id]\n}',
  },
  check(ctx) {
    for (const nacl of ctx.network.nacls) {
      // A placeholder stands for a NACL outside the input: its subnets are unknown, not none.
      if (!nacl.isDefault && !nacl.placeholder && nacl.subnetIds.length === 0) ctx.report({ at: nacl.origin, resource: nacl.address, targets: [], message: `${nacl.address} is not associated with any subnet` });
    }
  },
});
