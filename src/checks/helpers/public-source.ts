import type { Rule } from '../../model/network.js';
import { PUBLIC_V4, PUBLIC_V6, ipv4Set, ipv6Set, parseCidr } from '../../net/addresses.js';

/** Can this rule's peer be an internet address? (A CIDR overlapping public space, or an unknown source.) */
export function hasPublicSource(r: Rule): boolean {
  if (r.peer.kind === 'unknown') return true;
  if (r.peer.kind !== 'cidr4' && r.peer.kind !== 'cidr6') return false;
  const c = parseCidr(r.peer.cidr);
  if (!c) return false;
  return c.family === 4 ? PUBLIC_V4.overlaps(ipv4Set([[c.lo, c.hi]])) : PUBLIC_V6.overlaps(ipv6Set([[c.lo, c.hi]]));
}
