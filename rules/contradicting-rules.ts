import { defineRule, ruleCovers, rulesOverlap, ruleText, type Rule } from '../src/checks/index.js';

export default defineRule({
  id: 'contradicting-rules',
  severity: 'low',
  title: 'An allow and a deny rule partly overlap',
  description:
    'Two rules of the same group, one allowing and one denying, match some of the same traffic without one covering the other. For the overlap, priority decides (lowest number first, deny wins ties), which is easy to misread in a review. Fully shadowed rules are reported by `shadowed-rule` instead.',
  help: 'Make the overlap explicit: split the wider rule so that each port range and source appears in one rule only, or document the precedence in the rule descriptions.',
  compliance: { nist: ['CM-6'] },
  examples: {
    bad: 'resource "huaweicloud_networking_secgroup_rule" "allow_web" {\n  priority         = 10\n  action           = "allow"\n  ports            = "80-443"\n  remote_ip_prefix = "0.0.0.0/0"\n  # ...\n}\nresource "huaweicloud_networking_secgroup_rule" "deny_range" {\n  priority         = 20\n  action           = "deny"\n  ports            = "400-500"\n  remote_ip_prefix = "198.51.100.0/24"\n  # ...\n}',
    good: 'resource "huaweicloud_networking_secgroup_rule" "allow_web" {\n  priority         = 10\n  action           = "allow"\n  ports            = "80,443"\n  remote_ip_prefix = "0.0.0.0/0"\n  # ...\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      const rules = g.rules.filter((r) => r.unknowns.length === 0 && r.peer.kind !== 'unknown');
      const denies = rules.filter((r) => r.action === 'deny');
      if (denies.length === 0) continue;
      for (const d of denies) {
        for (const a of rules) {
          if (a.action !== 'allow' || !rulesOverlap(a, d) || ruleCovers(a, d) || ruleCovers(d, a)) continue;
          const first: Rule = d.priority <= a.priority ? d : a;
          ctx.report({ at: d, key: a.key, message: `${g.address}: "${ruleText(d)}" (priority ${d.priority}) and "${ruleText(a)}" (priority ${a.priority}) overlap; for the shared traffic the ${first.action} rule wins` });
        }
      }
    }
  },
});
