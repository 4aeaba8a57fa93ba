import { defineRule } from '../src/checks/index.js';

export default defineRule({
  id: 'classic-security-group',
  severity: 'high',
  title: 'An EC2-Classic DB, cache or Redshift security group',
  description:
    '`aws_db_security_group`, `aws_elasticache_security_group` and `aws_redshift_security_group` belong to EC2-Classic, which AWS retired in 2022: they cannot be created any more, are not network-isolated like VPC groups, and newer AWS providers removed them. Their presence means legacy, unreviewed access control (Checkov CKV_AWS_196/198, Trivy AWS-0085).',
  help: 'Move the database or cache into a VPC and use `aws_security_group` with `vpc_security_group_ids`.',
  compliance: { nist: ['SC-7', 'CM-2'] },
  examples: {
    bad: 'resource "aws_db_security_group" "legacy" {\n  name = "legacy"\n  ingress {\n    cidr = "10.0.0.0/24"\n  }\n}',
    good: 'resource "aws_security_group" "db" {\n  name        = "db"\n  description = "database"\n  vpc_id      = aws_vpc.main.id\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) if (g.classic) ctx.report({ at: g, message: `${g.address} is an EC2-Classic security group; EC2-Classic is retired` });
  },
});
