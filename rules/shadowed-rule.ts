import { defineRule, ruleCovers, ruleText, type Rule } from '../src/checks/index.js';

export default defineRule({
  id: 'shadowed-rule',
  severity: 'medium',
  title: 'A security group rule never takes effect: a higher-precedence rule decides all of its traffic',
  description:
    'In groups with allow and deny rules (Huawei Cloud), the rule with the lowest priority number decides, and at equal priority deny wins. This rule is fully covered by an opposite rule that takes precedence, so it never takes effect: an allow that is always denied (a service that cannot be reached) or a deny that is always allowed first (a block that does not block).',
  help: 'Give the rule a lower priority number than the rule that shadows it, or delete it.',
  compliance: { pci: ['1.2.1'], nist: ['CM-6', 'SC-7'] },
  examples: {
    bad: 'resource "huaweicloud_networking_secgroup_rule" "allow_all" {\n  priority         = 1\n  action           = "allow"\n  remote_ip_prefix = "0.0.0.0/0"\n  # ...\n}\nresource "huaweicloud_networking_secgroup_rule" "deny_ssh" {\n  priority         = 10\n  action           = "deny"\n  ports            = "22"\n  remote_ip_prefix = "0.0.0.0/0"\n  # ...\n}',
    good: 'resource "huaweicloud_networking_secgroup_rule" "deny_ssh" {\n  priority         = 1\n  action           = "deny"\n  ports            = "22"\n  remote_ip_prefix = "0.0.0.0/0"\n  # ...\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      const rules = g.rules.filter((r) => r.unknowns.length === 0 && r.peer.kind !== 'unknown');
      if (!rules.some((r) => r.action === 'deny')) continue;
      for (const r of rules) {
        const by = rules.find((o) => o !== r && o.action !== r.action && precedes(o, r) && ruleCovers(o, r));
        if (by) ctx.report({ at: r, message: `${g.address}: "${ruleText(r)}" (priority ${r.priority}) never takes effect: "${ruleText(by)}" (priority ${by.priority}) decides all of its traffic first` });
      }
    }
  },
});

/** `a` is evaluated before `b`: lower priority number, or equal priority and `a` denies. */
const precedes = (a: Rule, b: Rule): boolean => a.priority < b.priority || (a.priority === b.priority && a.action === 'deny' && b.action === 'allow');
