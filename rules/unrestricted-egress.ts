import { defineRule, isAllPorts, sourceText, worldOpenRules } from '../src/checks/index.js';

export default defineRule({
  id: 'unrestricted-egress',
  severity: 'low',
  title: 'All outbound traffic allowed to the whole internet',
  description:
    'An egress rule allows every protocol (or every TCP/UDP port) to every public address. AWS adds this rule to new groups by default; Terraform removes it, so writing it back is a choice. Unrestricted egress makes data exfiltration and command-and-control traffic easy. Low severity: many workloads legitimately need broad egress, often through a NAT gateway.',
  help: 'Allow only the destinations the workload needs (HTTPS to 0.0.0.0/0 through a proxy, VPC endpoints via prefix lists, database groups).',
  compliance: { pci: ['1.3.2'], nist: ['SC-7(5)'] },
  examples: {
    bad: 'egress {\n  from_port   = 0\n  to_port     = 0\n  protocol    = "-1"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'egress {\n  from_port       = 443\n  to_port         = 443\n  protocol        = "tcp"\n  prefix_list_ids = [data.aws_prefix_list.s3.id]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      if (group.implicit) continue; // AWS's own default group is the subject of default-group rules
      for (const { rule, family } of worldOpenRules(group, 'egress', (r) => r.protocol === -1 || isAllPorts(r))) {
        const what = rule.protocol === -1 ? 'all outbound traffic' : `every outbound ${rule.protocol === 6 ? 'TCP' : 'UDP'} port`;
        ctx.report({ at: rule, message: `${group.address} allows ${what} to ${sourceText(rule)}: the whole IPv${family} internet` });
      }
    }
  },
});
