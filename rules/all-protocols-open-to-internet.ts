import { defineRule, sourceText, worldOpenRules } from '../src/checks/index.js';

export default defineRule({
  id: 'all-protocols-open-to-internet',
  severity: 'critical',
  title: 'All traffic (protocol -1) open to the whole internet',
  description:
    'An ingress rule with protocol `-1` (all protocols, all ports, whatever ports are written) admits every packet from every public address. Also reported: any protocol number other than tcp/udp/icmp/icmpv6, which AWS treats as the whole protocol.',
  help: 'Replace it with rules for the specific protocols and ports the service uses.',
  compliance: { cis: ['5.3', '5.4'], fsbp: ['EC2.18', 'EC2.19'], pci: ['1.3.1'], nist: ['AC-4', 'SC-7', 'CM-7'] },
  examples: {
    bad: 'ingress {\n  from_port   = 0\n  to_port     = 0\n  protocol    = "-1"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
    good: 'ingress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}',
  },
  check(ctx) {
    const wholeProtocol = (p: number): boolean => p === -1 || (p !== 6 && p !== 17 && p !== 1 && p !== 58);
    for (const group of ctx.groups) {
      for (const { rule, family } of worldOpenRules(group, 'ingress', (r) => wholeProtocol(r.protocol))) {
        const what = rule.protocol === -1 ? 'all traffic (protocol -1)' : `all of IP protocol ${rule.protocol}`;
        ctx.report({ at: rule, message: `${group.address} allows ${what} from ${sourceText(rule)}: the whole IPv${family} internet` });
      }
    }
  },
});
