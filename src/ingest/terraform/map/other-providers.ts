import type { Provider, Rule, SecurityGroup } from '../../../model/network.js';
import { Unknown } from '../../../model/unknown.js';
import type { EvaluatedResource } from '../eval/resources.js';
import { blocks, bool, knownString, num, originOf, str } from './attrs.js';
import type { MapContext } from './context.js';
import { buildRules } from './rule-builder.js';

const providerOf = (type: string): Provider => (type.startsWith('huaweicloud_') ? 'huawei' : 'openstack');

/**
 * `huaweicloud_networking_secgroup` / `openstack_networking_secgroup_v2`. Both providers create a
 * new group with default rules (all egress; Huawei also ingress from the group itself) unless
 * `delete_default_rules = true`.
 */
export function mapCloudGroup(r: EvaluatedResource, ctx: MapContext): void {
  const provider = providerOf(r.type);
  const origin = originOf(r.file, r.span, r.address);
  const name = knownString(str(r.body, 'name'));
  const description = knownString(str(r.body, 'description'));
  const group: SecurityGroup = {
    id: r.address, address: r.address, provider, isDefault: name === 'default' || name === 'Sys-default', rules: [], origin,
    ...(name ? { name } : {}), ...(description !== undefined ? { description } : {}),
  };
  if (bool(r.body, 'delete_default_rules') !== true) {
    const base = { groupId: group.id, action: 'allow' as const, priority: provider === 'huawei' ? 100 : 0, protocol: -1, ports: null, origin, unknowns: [], implicit: true };
    group.rules.push(
      { ...base, key: 'default-egress-v4', direction: 'egress', peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } },
      { ...base, key: 'default-egress-v6', direction: 'egress', peer: { kind: 'cidr6', cidr: '::/0' } },
      ...(provider === 'huawei' ? [{ ...base, key: 'default-ingress-self', direction: 'ingress' as const, peer: { kind: 'group' as const, groupId: group.id } }] : []),
    );
  }
  ctx.addGroup(group);
}

/** `huaweicloud_networking_secgroup_rule` / `openstack_networking_secgroup_rule_v2`: one rule; an empty remote is any address. */
export function mapCloudGroupRule(r: EvaluatedResource, ctx: MapContext): void {
  const provider = providerOf(r.type);
  const origin = originOf(r.file, r.span, r.address);
  const group = ctx.ruleGroup(r, 'security_group_id', origin, provider);
  group.provider = provider;
  const direction = str(r.body, 'direction');
  if (direction !== 'ingress' && direction !== 'egress') {
    ctx.warn(origin, `${r.address}: direction must be "ingress" or "egress"; the rule is not checked`);
    return;
  }
  const v6 = str(r.body, 'ethertype') === 'IPv6';
  const prefix = str(r.body, 'remote_ip_prefix');
  const remoteGroup = str(r.body, 'remote_group_id');
  const addressGroup = str(r.body, 'remote_address_group_id');
  const anySource = prefix === undefined && remoteGroup === undefined && addressGroup === undefined;
  const protocolText = str(r.body, 'protocol');
  const protocol = protocolText === undefined || protocolText === '' || protocolText === 'any' ? '-1' : protocolText === 'ipv6-icmp' ? 'icmpv6' : protocolText;
  const ranges = portRanges(r, ctx);
  const rules: Rule[] = [];
  for (const [i, range] of ranges.entries()) {
    rules.push(...buildRules({
      groupId: group.id, key: ranges.length > 1 ? `${r.address}#${i}` : r.address, direction, origin,
      protocol, from: range.from, to: range.to,
      cidr4: anySource && !v6 ? ['0.0.0.0/0'] : prefix !== undefined && !v6 ? [prefix] : [],
      cidr6: anySource && v6 ? ['::/0'] : prefix !== undefined && v6 ? [prefix] : [],
      prefixLists: addressGroup === undefined ? [] : [addressGroup],
      groups: remoteGroup === undefined ? [] : [remoteGroup],
      self: undefined, description: knownString(str(r.body, 'description')),
    }, ctx));
  }
  const action = str(r.body, 'action');
  const priority = num(r.body, 'priority');
  for (const rule of rules) {
    if (provider === 'huawei') {
      rule.action = action === 'deny' ? 'deny' : 'allow';
      rule.priority = typeof priority === 'number' ? priority : 1;
      if (action instanceof Unknown || priority instanceof Unknown) rule.unknowns.push('action or priority is not known statically');
    }
    if (anySource) rule.anySource = true;
  }
  group.rules.push(...rules);
}

/** `port_range_min`/`max`, or Huawei's multiport `ports` ("22,80-90"); 0/0 (or nothing) is every port. */
function portRanges(r: EvaluatedResource, ctx: MapContext): { from: number | Unknown | undefined; to: number | Unknown | undefined }[] {
  const ports = str(r.body, 'ports');
  if (typeof ports === 'string') {
    const out: { from: number; to: number }[] = [];
    for (const part of ports.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (!m) ctx.warn(originOf(r.file, r.span, r.address), `ports: ${JSON.stringify(part)} is not a port or range such as "80" or "8000-8100"; it is ignored`);
      else out.push({ from: Number(m[1]), to: Number(m[2] ?? m[1]) });
    }
    return out.length ? out : [{ from: undefined, to: undefined }];
  }
  const from = num(r.body, 'port_range_min');
  const to = num(r.body, 'port_range_max');
  if (from === 0 && to === 0) return [{ from: undefined, to: undefined }];
  return [{ from, to: to ?? from }];
}

/** `openstack_compute_secgroup_v2` (nova-network style): inline `rule` blocks, allow-only. */
export function mapComputeSecgroup(r: EvaluatedResource, ctx: MapContext): void {
  const origin = originOf(r.file, r.span, r.address);
  const name = knownString(str(r.body, 'name'));
  const description = knownString(str(r.body, 'description'));
  const group: SecurityGroup = { id: r.address, address: r.address, provider: 'openstack', isDefault: name === 'default', rules: [], origin, ...(name ? { name } : {}), ...(description !== undefined ? { description } : {}) };
  ctx.addGroup(group);
  blocks(r.body, 'rule').forEach((b, i) => {
    const cidr = str(b.body, 'cidr');
    const fromGroup = str(b.body, 'from_group_id');
    const self = bool(b.body, 'self');
    const anySource = (cidr === undefined || cidr === '') && fromGroup === undefined && self !== true;
    const v6 = typeof cidr === 'string' && cidr.includes(':');
    const rules = buildRules({
      groupId: group.id, key: `rule[${i}]`, direction: 'ingress', origin: originOf(b.file, b.span, r.address), blockUnknown: b.unknown,
      protocol: str(b.body, 'ip_protocol'), from: num(b.body, 'from_port'), to: num(b.body, 'to_port'),
      cidr4: anySource ? ['0.0.0.0/0'] : cidr !== undefined && cidr !== '' && !v6 ? [cidr] : [],
      cidr6: cidr !== undefined && v6 ? [cidr] : [],
      prefixLists: [], groups: fromGroup === undefined ? [] : [fromGroup], self,
    }, ctx);
    for (const rule of rules) if (anySource) rule.anySource = true;
    group.rules.push(...rules);
  });
}
