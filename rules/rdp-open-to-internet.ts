import { defineRule, opensPort, protocolName, sourceText, worldOpenRules } from '../src/checks/index.js';

export default defineRule({
  id: 'rdp-open-to-internet',
  severity: 'critical',
  title: 'RDP (3389/tcp or udp) open to the whole internet',
  description:
    'An ingress rule lets every public IPv4 or IPv6 address reach Remote Desktop on port 3389 (TCP, or UDP for RDP\'s UDP transport). Internet-facing RDP is among the most exploited services (BlueKeep, credential stuffing).',
  help: 'Allow RDP only from a known range or a bastion\'s group, or use Fleet Manager / Session Manager port forwarding.',
  compliance: { cis: ['5.3', '5.4'], fsbp: ['EC2.14', 'EC2.19'], pci: ['1.3.1', '2.2.7'], nist: ['AC-4', 'SC-7'], huawei: ['vpc-sg-restricted-common-ports'] },
  examples: {
    bad: 'ingress {\n  from_port   = 3389\n  to_port     = 3389\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'ingress {\n  from_port       = 3389\n  to_port         = 3389\n  protocol        = "tcp"\n  security_groups = [aws_security_group.bastion.id]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      for (const proto of [6, 17]) {
        for (const { rule, family } of worldOpenRules(group, 'ingress', (r) => opensPort(r, proto, 3389))) {
          ctx.report({ at: rule, key: String(proto), message: `${group.address} allows RDP (3389/${protocolName(proto)}) from ${sourceText(rule)}: every IPv${family} address on the internet can reach it` });
        }
      }
    }
  },
});
