import { defineRule, isWritten } from '../src/checks/index.js';

export default defineRule({
  id: 'default-security-group-has-rules',
  severity: 'medium',
  title: 'A VPC\'s default security group allows traffic',
  description:
    'Every VPC has a default security group that anything launched without a group lands in. AWS creates it with "all traffic from itself" in and "all traffic" out, so an unmanaged default group fails CIS and Security Hub EC2.2. A Terraform VPC without an `aws_default_security_group` keeps those rules; declaring one with no `ingress`/`egress` blocks removes them (a rule added to it through `aws_security_group_rule` counts too, unlike in Checkov\'s CKV2_AWS_12 fix advice).',
  help: 'Declare `resource "aws_default_security_group" "this" { vpc_id = aws_vpc.main.id }` with no rules, and give every resource its own group.',
  compliance: { cis: ['5.5'], fsbp: ['EC2.2'], pci: ['1.2.1', '2.2.1'], nist: ['AC-4', 'SC-7', 'CM-7'] },
  examples: {
    bad: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n# no aws_default_security_group: AWS\'s allow rules stay',
    good: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_default_security_group" "main" {\n  vpc_id = aws_vpc.main.id\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      if (!group.isDefault || group.rules.length === 0) continue;
      if (group.implicit) {
        const vpc = ctx.network.vpcs.find((v) => v.id === group.vpcId);
        const fix = (vpc?.origin.file ?? '').endsWith('.tf') ? 'declare an aws_default_security_group with no rules to remove them' : 'remove them (in CDK: restrictDefaultSecurityGroup: true; otherwise revoke them in the account)';
        ctx.report({ at: vpc?.origin ?? group, resource: vpc?.address ?? group.address, message: `${vpc?.address ?? group.vpcId}'s default security group keeps AWS's rules (all traffic from itself, all outbound); ${fix}` });
        continue;
      }
      const written = group.rules.filter(isWritten);
      const ins = written.filter((r) => r.direction === 'ingress').length;
      const outs = written.length - ins;
      ctx.report({ at: group, message: `the default security group ${group.address} has ${ins} inbound and ${outs} outbound rule${ins + outs === 1 ? '' : 's'}; it should allow nothing` });
    }
  },
});
