import { defineRule, ruleCovers, ruleText, type Rule } from '../src/checks/index.js';

export default defineRule({
  id: 'redundant-rule',
  severity: 'low',
  title: 'A security group rule is covered by another rule of the same group',
  description:
    'Everything this rule allows (or denies), another rule of the same group already does: a duplicate, a port inside a wider range, or a CIDR inside a wider block. Redundant rules count against the rule quota and make reviews harder — removing the wider rule later silently keeps the narrow one. For Huawei Cloud, only rules of the same action and priority are compared (priorities change what "covered" means; see `shadowed-rule`).',
  help: 'Delete the narrower rule, or narrow the wider one if it was broader than intended.',
  compliance: { nist: ['CM-6', 'CM-7'] },
  examples: {
    bad: 'ingress {\n  from_port   = 0\n  to_port     = 65535\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}\ningress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.1.0/24"]\n}',
    good: 'ingress {\n  from_port   = 443\n  to_port     = 443\n  protocol    = "tcp"\n  cidr_blocks = ["10.0.0.0/16"]\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      const rules = g.rules.filter((r) => !r.implicit && r.unknowns.length === 0 && r.peer.kind !== 'unknown');
      rules.forEach((r, i) => {
        const by = rules.find((o, j) => j !== i && sameTier(o, r) && ruleCovers(o, r) && (!ruleCovers(r, o) || j < i));
        if (by) ctx.report({ at: r, message: `${g.address}: "${ruleText(r)}" is already covered by "${ruleText(by)}" (${by.origin.file}:${by.origin.line})` });
      });
    }
  },
});

/** Comparable without priorities getting in the way: same action and priority. */
const sameTier = (a: Rule, b: Rule): boolean => a.action === b.action && a.priority === b.priority;
