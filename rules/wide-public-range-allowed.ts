import { cidrOf, defineRule, hasPublicSource, isPublicRange, ruleText } from '../src/checks/index.js';

export default defineRule({
  id: 'wide-public-range-allowed',
  severity: 'medium',
  title: 'A rule allows a wide public range (/1-/23) that is not the whole internet',
  description:
    'An ingress or egress rule names a public IPv4 block of /23 or wider (512 addresses or more) without being a deliberate "any" rule. Wide public ranges are usually a typo (`/16` meant as `/32`) or a cloud provider\'s whole address space, which anyone can rent. Ranges that cover the whole internet are reported by the world-open rules, and private ranges are not public.',
  help: 'Use the narrowest range that covers the hosts you mean, or a managed prefix list maintained by the owner of the addresses.',
  compliance: { pci: ['1.3.1', '1.3.2'], nist: ['AC-4', 'SC-7'] },
  options: { widestPrefix: 1, narrowestPrefix: 23 },
  examples: {
    bad: 'ingress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["52.0.0.0/11"]\n}',
    good: 'ingress {\n  from_port       = 443\n  to_port         = 443\n  protocol        = "tcp"\n  prefix_list_ids = [aws_ec2_managed_prefix_list.partners.id]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      for (const rule of group.rules) {
        const c = cidrOf(rule);
        if (!c || c.family !== 4 || rule.action !== 'allow' || !hasPublicSource(rule)) continue;
        if (c.prefix < ctx.options.widestPrefix || c.prefix > ctx.options.narrowestPrefix || !isPublicRange(c)) continue;
        ctx.report({ at: rule, message: `${group.address}: ${ruleText(rule)} covers ${2 ** (32 - c.prefix)} public addresses; name the hosts you mean` });
      }
    }
  },
});
