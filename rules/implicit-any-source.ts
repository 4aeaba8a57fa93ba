import { defineRule, ruleText } from '../src/checks/index.js';

export default defineRule({
  id: 'implicit-any-source',
  severity: 'high',
  title: 'A Huawei Cloud or OpenStack rule with no remote allows every address',
  description:
    'In Huawei Cloud and OpenStack Neutron, an ingress rule with no `remote_ip_prefix`, `remote_group_id` or `remote_address_group_id` matches every source address — the opposite of AWS, where a rule without a source allows nothing. Such rules read as "restricted somewhere else" in a review but are open to the internet. sglint models them as 0.0.0.0/0 (or ::/0), so the exposure rules see them too; this rule points at the missing remote itself.',
  help: 'Set `remote_ip_prefix` (or `remote_group_id`) to the sources that need access; write `0.0.0.0/0` explicitly if the whole internet is intended.',
  compliance: { nist: ['AC-4', 'SC-7'] },
  examples: {
    bad: 'resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  security_group_id = openstack_networking_secgroup_v2.web.id\n  direction         = "ingress"\n  ethertype         = "IPv4"\n  protocol          = "tcp"\n  port_range_min    = 22\n  port_range_max    = 22\n}',
    good: 'resource "openstack_networking_secgroup_rule_v2" "ssh" {\n  security_group_id = openstack_networking_secgroup_v2.web.id\n  direction         = "ingress"\n  ethertype         = "IPv4"\n  protocol          = "tcp"\n  port_range_min    = 22\n  port_range_max    = 22\n  remote_ip_prefix  = "10.0.0.0/16"\n}',
  },
  check(ctx) {
    for (const g of ctx.groups) {
      for (const r of g.rules) {
        if (r.anySource && r.direction === 'ingress' && r.action === 'allow') ctx.report({ at: r, message: `${g.address}: this rule names no remote, so it means "${ruleText(r)}" — every address, the internet included` });
      }
    }
  },
});
