import type { SecurityGroup } from '../../../model/network.js';
import { Unknown } from '../../../model/unknown.js';
import type { EvaluatedResource } from '../eval/resources.js';
import type { EvaluatedBody } from '../eval/blocks.js';
import { blockList, bool, idFromRef, knownString, num, originOf, str, strList, tags } from './attrs.js';
import type { MapContext } from './context.js';
import { buildRules, type RuleSpec } from './rule-builder.js';

/** `aws_security_group` and `aws_default_security_group` with their inline rules. */
export function mapSecurityGroup(r: EvaluatedResource, ctx: MapContext): void {
  const origin = originOf(r.file, r.span, r.address);
  const vpc = str(r.body, 'vpc_id');
  const group: SecurityGroup = {
    id: r.address,
    address: r.address,
    provider: 'aws',
    // Terraform removes AWS's default allow-all egress; aws_default_security_group wipes all rules.
    isDefault: r.type === 'aws_default_security_group',
    rules: [],
    origin,
  };
  const name = knownString(str(r.body, 'name')) ?? knownString(str(r.body, 'name_prefix'));
  if (name) group.name = name;
  const t = tags(r.body);
  if (t) group.tags = t;
  // Terraform's default description when none is written.
  const description = r.body.attrs['description'] ? knownString(str(r.body, 'description')) : r.type === 'aws_security_group' ? 'Managed by Terraform' : undefined;
  if (description !== undefined) group.description = description;
  if (typeof vpc === 'string') group.vpcId = idFromRef(vpc);
  else if (vpc === undefined && r.type === 'aws_security_group') group.inDefaultVpc = true;
  if (group.isDefault && group.vpcId) adoptDefaultGroup(group, ctx);
  ctx.addGroup(group);
  for (const direction of ['ingress', 'egress'] as const) {
    blockList(r.body, direction, r.file).forEach((b, i) => {
      group.rules.push(...buildRules({ ...inlineSpec(b.body, group.id, `${direction}[${i}]`, direction, originOf(b.file, b.span, r.address), b.unknown), aws: { body: b.body, file: b.file, protocolAttr: 'protocol' } }, ctx));
    });
  }
}

/** aws_default_security_group takes over the group AWS created with the VPC (and wipes its rules). */
function adoptDefaultGroup(group: SecurityGroup, ctx: MapContext): void {
  const implicitId = `${group.vpcId}/default-security-group`;
  const implicit = ctx.groups.get(implicitId);
  if (!implicit?.implicit) return;
  ctx.groups.delete(implicitId);
  ctx.network.groups.splice(ctx.network.groups.indexOf(implicit), 1);
  ctx.groupAliases.set(implicitId, group.id);
  group.name ??= 'default';
}

function inlineSpec(body: EvaluatedBody, groupId: string, key: string, direction: 'ingress' | 'egress', origin: RuleSpec['origin'], blockUnknown?: string): RuleSpec {
  return {
    groupId, key, direction, origin, blockUnknown,
    protocol: str(body, 'protocol'),
    from: num(body, 'from_port'),
    to: num(body, 'to_port'),
    cidr4: strList(body, 'cidr_blocks'),
    cidr6: strList(body, 'ipv6_cidr_blocks'),
    prefixLists: strList(body, 'prefix_list_ids'),
    groups: strList(body, 'security_groups'),
    self: bool(body, 'self'),
    description: knownString(str(body, 'description')),
  };
}

/** `aws_security_group_rule`: type, source_security_group_id and self, attached to its group. */
export function mapSecurityGroupRule(r: EvaluatedResource, ctx: MapContext): void {
  const origin = originOf(r.file, r.span, r.address);
  const group = ctx.ruleGroup(r, 'security_group_id', origin);
  const type = str(r.body, 'type');
  if (type !== 'ingress' && type !== 'egress') {
    ctx.warn(origin, `${r.address}: type must be "ingress" or "egress"${type instanceof Unknown ? ` (${type.reason})` : ''}; the rule is not checked`);
    return;
  }
  const source = str(r.body, 'source_security_group_id');
  group.rules.push(...buildRules({
    ...inlineSpec(r.body, group.id, r.address, type, origin),
    groups: source === undefined ? [] : [source],
    aws: { body: r.body, file: r.file, protocolAttr: 'protocol' },
  }, ctx));
}

/** `aws_vpc_security_group_ingress_rule` / `_egress_rule`: exactly one peer, ip_protocol. */
export function mapVpcSecurityGroupRule(r: EvaluatedResource, ctx: MapContext): void {
  const origin = originOf(r.file, r.span, r.address);
  const group = ctx.ruleGroup(r, 'security_group_id', origin);
  const one = (name: string): (string | Unknown)[] => {
    const v = str(r.body, name);
    return v === undefined ? [] : [v];
  };
  group.rules.push(...buildRules({
    groupId: group.id,
    key: r.address,
    direction: r.type.endsWith('_egress_rule') ? 'egress' : 'ingress',
    protocol: str(r.body, 'ip_protocol'),
    from: num(r.body, 'from_port'),
    to: num(r.body, 'to_port'),
    cidr4: one('cidr_ipv4'),
    cidr6: one('cidr_ipv6'),
    prefixLists: one('prefix_list_id'),
    groups: one('referenced_security_group_id'),
    self: undefined,
    description: knownString(str(r.body, 'description')),
    origin,
    aws: { body: r.body, file: r.file, protocolAttr: 'ip_protocol' },
  }, ctx));
}

/** EC2-Classic `aws_db_security_group` / `aws_elasticache_security_group` / `aws_redshift_security_group`: kept so checks can flag them. */
export function mapClassicGroup(r: EvaluatedResource, ctx: MapContext): void {
  const name = knownString(str(r.body, 'name'));
  const description = knownString(str(r.body, 'description'));
  ctx.addGroup({
    id: r.address, address: r.address, provider: 'aws', isDefault: false, classic: true, rules: [], origin: originOf(r.file, r.span, r.address),
    ...(name ? { name } : {}), ...(description !== undefined ? { description } : {}),
  });
}
