import { defineRule, isAllPorts, protocolName, sourceText, worldOpenRules } from '../src/checks/index.js';

export default defineRule({
  id: 'all-ports-open-to-internet',
  severity: 'critical',
  title: 'Every TCP or UDP port open to the whole internet',
  description:
    'An ingress rule opens the full port range 0-65535 of TCP or UDP to every public address. Every service on the instance, including ones started later or by accident, is exposed.',
  help: 'Open only the ports the service needs (for a web tier, 443 and perhaps 80), or restrict the source.',
  compliance: { cis: ['5.3', '5.4'], fsbp: ['EC2.18', 'EC2.19'], pci: ['1.3.1'], nist: ['AC-4', 'SC-7', 'CM-7'] },
  examples: {
    bad: 'ingress {\n  from_port   = 0\n  to_port     = 65535\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'ingress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      for (const { rule, family } of worldOpenRules(group, 'ingress', isAllPorts)) {
        ctx.report({ at: rule, message: `${group.address} opens every ${protocolName(rule.protocol)} port (0-65535) to ${sourceText(rule)}: the whole IPv${family} internet` });
      }
    }
  },
});
