import type { Endpoint } from '../../model/network.js';
import { cidrSet4, cidrSet6, parseCidr } from '../../net/addresses.js';
import type { Topology } from '../topology.js';

/**
 * What one side of a reachability question names: a set of running endpoints (by index in
 * `topo.running`) and, as a source, possibly the internet.
 */
export interface Selection {
  text: string;
  internet: boolean;
  endpoints: Set<number>;
}

export const SELECTOR_HELP = 'an endpoint id or address, group:ID, subnet:ID, vpc:ID, tag:KEY=VALUE, an IP or CIDR, internet, or any';

/** Tag selectors match an endpoint's own tags or the tags of any of its groups. */
export function tagsOf(topo: Topology, e: Endpoint): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  if (e.tags) out.push(e.tags);
  for (const g of e.groupIds) {
    const t = topo.groups.get(g)?.tags;
    if (t) out.push(t);
  }
  return out;
}

/** The value of tag `key` for an endpoint (its own first, then its groups' in order), if any. */
export function tagValue(topo: Topology, e: Endpoint, key: string): string | undefined {
  for (const t of tagsOf(topo, e)) if (Object.hasOwn(t, key)) return t[key];
  return undefined;
}

const indices = (topo: Topology, keep: (e: Endpoint) => boolean): Set<number> => {
  const out = new Set<number>();
  topo.running.forEach((e, i) => keep(e) && out.add(i));
  return out;
};

/**
 * Resolves a selector, or says why it matches nothing. Prefixed forms (`group:`, `subnet:`,
 * `vpc:`, `tag:`, `endpoint:`, `cidr:`) are exact; a bare word is tried as an endpoint, a
 * group, a subnet and a VPC (by id, address or name), in that order.
 */
export function select(topo: Topology, text: string): Selection | { error: string } {
  const s = text.trim();
  const done = (endpoints: Set<number>, internet = false): Selection => ({ text: s, internet, endpoints });
  if (s === 'any' || s === '*') return done(indices(topo, () => true), true);
  if (s === 'internet') return done(new Set(), true);
  const colon = s.indexOf(':');
  const kind = colon > 0 ? s.slice(0, colon) : '';
  const arg = colon > 0 ? s.slice(colon + 1) : s;
  switch (kind) {
    case 'tag': {
      const eq = arg.indexOf('=');
      const key = eq >= 0 ? arg.slice(0, eq) : arg;
      const value = eq >= 0 ? arg.slice(eq + 1) : undefined;
      if (!key) return { error: `${JSON.stringify(s)}: a tag selector is tag:KEY=VALUE or tag:KEY` };
      return done(indices(topo, (e) => { const v = tagValue(topo, e, key); return v !== undefined && (value === undefined || v === value); }));
    }
    case 'group': return byGroup(topo, arg) ?? { error: `no security group ${JSON.stringify(arg)} in the input` };
    case 'subnet': return bySubnet(topo, arg) ?? { error: `no subnet ${JSON.stringify(arg)} in the input` };
    case 'vpc': return byVpc(topo, arg) ?? { error: `no VPC ${JSON.stringify(arg)} in the input` };
    case 'endpoint': return byEndpoint(topo, arg, false) ?? { error: `no endpoint ${JSON.stringify(arg)} in the input` };
    case 'cidr': return byCidr(topo, arg) ?? { error: `${JSON.stringify(arg)} is not an IP address or CIDR` };
    default: break;
  }
  // IPv6 addresses contain colons: a bare address or CIDR is tried before prefixed words.
  return byCidr(topo, s) ?? byEndpoint(topo, s, true) ?? byGroup(topo, s) ?? bySubnet(topo, s) ?? byVpc(topo, s)
    ?? { error: `${JSON.stringify(s)} matches no endpoint, group, subnet or VPC (a selector is ${SELECTOR_HELP})` };

  function byGroup(t: Topology, id: string): Selection | null {
    const g = t.network.groups.find((x) => x.id === id || x.address === id || x.name === id);
    return g ? done(indices(t, (e) => e.groupIds.includes(g.id))) : null;
  }
  function bySubnet(t: Topology, id: string): Selection | null {
    const sn = t.network.subnets.find((x) => x.id === id || x.address === id);
    return sn ? done(indices(t, (e) => e.subnetIds.includes(sn.id))) : null;
  }
  function byVpc(t: Topology, id: string): Selection | null {
    const v = t.network.vpcs.find((x) => x.id === id || x.address === id);
    return v ? done(indices(t, (e) => t.vpcOf(e) === v.id)) : null;
  }
}

function byEndpoint(topo: Topology, id: string, loose: boolean): Selection | null {
  const exact = indices(topo, (e) => e.id === id || e.address === id);
  if (exact.size) return { text: id, internet: false, endpoints: exact };
  if (!loose) return null;
  const suffix = indices(topo, (e) => e.id.endsWith(`.${id}`));
  return suffix.size ? { text: id, internet: false, endpoints: suffix } : null;
}

/** Endpoints with a private address inside the range. */
function byCidr(topo: Topology, text: string): Selection | null {
  const c = parseCidr(text);
  if (!c) return null;
  const within = c.family === 4 ? cidrSet4([c.text]) : cidrSet6([c.text]);
  return {
    text, internet: false,
    endpoints: indices(topo, (e) => {
      const a = topo.addresses(e);
      return a.exact && (c.family === 4 ? a.v4.overlaps(within as typeof a.v4) : a.v6.overlaps(within as typeof a.v6));
    }),
  };
}
