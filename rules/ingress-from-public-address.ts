import { cidrOf, defineRule, isPublicRange, ruleText } from '../src/checks/index.js';

export default defineRule({
  id: 'ingress-from-public-address',
  severity: 'low',
  title: 'Ingress allowed from a specific public address',
  description:
    'An ingress rule trusts a specific public address or block (not the whole internet). That is often right (an office, a partner), but public addresses change hands: an address that is trusted today may belong to someone else next year. This rule is an inventory aid, off in the `recommended` preset and on in `strict` (Prowler\'s `..._to_any_port_from_ip`).',
  help: 'Keep such addresses in one managed prefix list with an owner and a review date, or replace them with a VPN.',
  compliance: { nist: ['AC-4', 'CM-7'] },
  recommended: false,
  examples: {
    bad: 'ingress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["198.51.100.7/32"]\n}',
    good: 'ingress {\n  from_port       = 443\n  to_port         = 443\n  protocol        = "tcp"\n  prefix_list_ids = [aws_ec2_managed_prefix_list.office.id]\n}',
  },
  check(ctx) {
    for (const group of ctx.groups) {
      for (const rule of group.rules) {
        const c = cidrOf(rule);
        if (rule.direction !== 'ingress' || rule.action !== 'allow' || !c || c.prefix === 0 || !isPublicRange(c)) continue;
        ctx.report({ at: rule, message: `${group.address}: ${ruleText(rule)} trusts a public address; keep it in a reviewed prefix list` });
      }
    }
  },
});
