import { defineRule, opensPort, sourceText, worldOpenRules } from '../src/checks/index.js';

export default defineRule({
  id: 'ssh-open-to-internet',
  severity: 'critical',
  title: 'SSH (22/tcp) open to the whole internet',
  description:
    'An ingress rule lets every public IPv4 or IPv6 address reach port 22. SSH exposed to the internet is brute-forced within minutes of launch and is a common initial-access path. The check counts the union of the group\'s rules, so `0.0.0.0/1` + `128.0.0.0/1` is caught too; private ranges and narrow public ranges are not reported.',
  help: 'Allow SSH only from a known range (a VPN, an office, a bastion\'s group), or remove it and use AWS Systems Manager Session Manager.',
  compliance: { cis: ['5.3', '5.4'], fsbp: ['EC2.13', 'EC2.19'], pci: ['1.3.1', '2.2.7'], nist: ['AC-4', 'SC-7'] },
  examples: {
    bad: 'ingress {\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'ingress {\n  from_port   = 22\n  to_port     = 22\n  protocol    = "tcp"\n  cidr_blocks = [var.admin_cidr] # 198.51.100.0/24\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      for (const { rule, family } of worldOpenRules(group, 'ingress', (r) => opensPort(r, 6, 22))) {
        ctx.report({ at: rule, message: `${group.address} allows SSH (22/tcp) from ${sourceText(rule)}: every IPv${family} address on the internet can reach it` });
      }
    }
  },
});
