import { defineRule } from '../src/checks/index.js';

export default defineRule({
  id: 'subnet-auto-assigns-public-ip',
  severity: 'medium',
  title: 'A subnet gives every instance launched in it a public IP',
  description:
    '`map_public_ip_on_launch = true` (`MapPublicIpOnLaunch` in a snapshot) gives each instance launched in the subnet a public IPv4 address unless it opts out, so a later instance that was meant to be internal is exposed by default (Security Hub EC2.15, Checkov CKV_AWS_130, Trivy AWS-0164). It also costs money per address since 2024.',
  help: 'Set `map_public_ip_on_launch = false` and give public addresses only to what needs one (load balancers, NAT gateways, Elastic IPs).',
  compliance: { fsbp: ['EC2.15'], pci: ['1.4.4'], nist: ['SC-7'] },
  examples: {
    bad: 'resource "aws_subnet" "public" {\n  vpc_id                  = aws_vpc.main.id\n  cidr_block              = "10.0.0.0/24"\n  map_public_ip_on_launch = true\n}',
    good: 'resource "aws_subnet" "public" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.0.0/24"\n}',
  },
  check(ctx) {
    for (const s of ctx.network.subnets) {
      if (s.mapPublicIpOnLaunch) ctx.report({ at: s.origin, resource: s.address, targets: ctx.endpoints.filter((e) => e.subnetIds.includes(s.id)).map((e) => e.id), message: `${s.address} assigns a public IP to every instance launched in it` });
    }
  },
});
