import { defineRule, isRunning } from '../src/checks/index.js';

export default defineRule({
  id: 'default-vpc-in-use',
  severity: 'medium',
  title: 'Resources are placed in the default VPC',
  description:
    'The default VPC has public subnets that give every instance a public IP, a default route to the internet, and an allow-all NACL: it is built for quick experiments, not for workloads. This rule reports instances and services in a default VPC (from `aws_default_vpc` or a snapshot\'s `IsDefault`) and security groups declared without `vpc_id`, which AWS creates in the default VPC. Merely managing the default VPC (to tag or lock it down) is not reported, unlike Checkov CKV_AWS_148.',
  help: 'Create a dedicated VPC with private subnets, and set `vpc_id` on every security group.',
  compliance: { pci: ['1.2.1'], nist: ['SC-7', 'CM-2'] },
  examples: {
    bad: 'resource "aws_security_group" "app" {\n  name        = "app"\n  description = "app tier"\n  # no vpc_id: created in the default VPC\n}',
    good: 'resource "aws_security_group" "app" {\n  name        = "app"\n  description = "app tier"\n  vpc_id      = aws_vpc.main.id\n}',
  },
  check(ctx) {
    const defaults = new Map(ctx.network.vpcs.filter((v) => v.isDefault).map((v) => [v.id, v]));
    for (const g of ctx.groups) {
      if (g.inDefaultVpc) ctx.report({ at: g, message: `${g.address} has no vpc_id, so AWS creates it in the region's default VPC` });
    }
    for (const e of ctx.endpoints) {
      const vpc = e.vpcId ? defaults.get(e.vpcId) : undefined;
      if (vpc && isRunning(e)) ctx.report({ at: e.origin, resource: e.address, targets: [e.id], message: `${e.address} runs in the default VPC ${vpc.address}` });
    }
  },
});
