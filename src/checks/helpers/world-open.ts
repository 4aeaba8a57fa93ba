import type { Direction, Rule, SecurityGroup } from '../../model/network.js';
import { PUBLIC_V4, PUBLIC_V6, cidrSet4, cidrSet6 } from '../../net/addresses.js';
import { hasPublicSource } from './public-source.js';
import { ruleCovers } from './rule-shape.js';

/**
 * Rules of `group` that together open traffic matching `matches` to (or from) the whole
 * internet. "The whole internet" is every public address (IPv4, or IPv6 separately), so
 * `0.0.0.0/0`, and also `0.0.0.0/1` + `128.0.0.0/1`, count; `10.0.0.0/8` or a /24 do not.
 * Returns the contributing rules (those whose range includes public space), per family.
 */
export function worldOpenRules(group: SecurityGroup, direction: Direction, matches: (r: Rule) => boolean): { rule: Rule; family: 4 | 6 }[] {
  const v4: Rule[] = [];
  const v6: Rule[] = [];
  for (const r of publicRules(group, direction)) {
    if (!matches(r)) continue;
    if (r.peer.kind === 'cidr4') v4.push(r);
    else v6.push(r);
  }
  const cidrs = (rules: Rule[]): string[] => rules.map((r) => (r.peer as { cidr: string }).cidr);
  return [
    ...(v4.length && cidrSet4(cidrs(v4)).covers(PUBLIC_V4) ? v4.map((rule) => ({ rule, family: 4 as const })) : []),
    ...(v6.length && cidrSet6(cidrs(v6)).covers(PUBLIC_V6) ? v6.map((rule) => ({ rule, family: 6 as const })) : []),
  ];
}

const cache = new WeakMap<SecurityGroup, Map<Direction, Rule[]>>();

/** Allow rules of a group whose CIDR includes some public address: the only ones that can open it to the world. */
function publicRules(group: SecurityGroup, direction: Direction): Rule[] {
  let byDir = cache.get(group);
  if (!byDir) cache.set(group, (byDir = new Map()));
  let list = byDir.get(direction);
  if (!list) {
    const denies = group.rules.filter((r) => r.direction === direction && r.action === 'deny' && r.unknowns.length === 0);
    list = group.rules.filter((r) => r.direction === direction && r.action === 'allow' && (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6') && hasPublicSource(r)
      // Huawei: an allow that a higher-precedence deny covers entirely never takes effect.
      && !denies.some((d) => d.priority <= r.priority && ruleCovers(d, r)));
    byDir.set(direction, list);
  }
  return list;
}

/** The rule's ports include `port` for protocol `proto` (tcp 6 / udp 17), with explicit ports. */
export const opensPort = (r: Rule, proto: number, port: number): boolean =>
  r.protocol === proto && r.ports !== null && r.ports.from <= port && port <= r.ports.to && !isAllPorts(r);

/** Every port: 0-65535, or 1-65535 (port 0 carries no service). */
export const isAllPorts = (r: Rule): boolean => (r.protocol === 6 || r.protocol === 17) && (r.ports === null || (r.ports.from <= 1 && r.ports.to === 65535));

export const sourceText = (r: Rule): string => (r.peer.kind === 'cidr4' || r.peer.kind === 'cidr6' ? r.peer.cidr : r.peer.kind);

