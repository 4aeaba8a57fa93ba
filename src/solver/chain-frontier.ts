import type { SourceClass, AtomIndex } from './chain-index.js';
import type { ChainEndpoints } from './chain-endpoints.js';
import { orderedRules } from './layers.js';
import type { Topology } from './topology.js';

/*
 * One BFS level's sources (chains.ts): the frontier endpoints grouped into equivalence classes,
 * indexed by the groups they are members of and by VPC.
 */

/** A frontier class and a member (index) to report as the hop. */
export interface Source {
  c: SourceClass;
  member: number;
}

/** Frontier classes in one group. */
export interface GroupSources {
  /** Classes whose egress depends only on the target's address (memoisable per target key). */
  byAddress: Source[];
  other: Source[];
}

export interface Frontier {
  /** By group index: only groups some ingress rule names (see referencedGroups). */
  byGroup: (GroupSources | undefined)[];
  byVpc: Map<string, SourceClass[]>;
  /** VPCs with classes whose answer depends on the target (egress naming groups, or no single address). */
  specific: Set<string>;
  /** Load balancers in the frontier, by the index of each target they forward to. */
  lbTargets: Map<number, number[]> | undefined;
}

/** Groups (by index) that some ingress rule names as its source: only these need their frontier members listed. */
export function referencedGroups(topo: Topology): Uint8Array {
  const ids: number[] = [];
  for (const g of topo.network.groups) for (const r of g.rules) if (r.direction === 'ingress' && r.peer.kind === 'group') ids.push(topo.groupIndex(r.peer.groupId));
  const out = new Uint8Array(topo.groupCount + 1024);
  for (const g of ids) out[g] = 1;
  return out;
}

interface Context {
  topo: Topology;
  eps: ChainEndpoints;
  atoms: AtomIndex;
  referenced: Uint8Array;
}

export function frontierClasses(x: Context, frontier: number[]): Frontier {
  const { topo } = x;
  const f: Frontier = { byGroup: topo.groupSlots(), byVpc: new Map(), specific: new Set(), lbTargets: undefined };
  const classes = new Map<number | string, SourceClass>();
  const { start, list: groups } = topo.endpointGroupIndex;
  for (const i of frontier) {
    const e = topo.running[i]!;
    if (e.targets) {
      for (const t of e.targets) {
        const to = topo.runningIndex(t.endpointId);
        if (to < 0) continue;
        f.lbTargets ??= new Map();
        const list = f.lbTargets.get(to);
        if (list) list.push(i);
        else f.lbTargets.set(to, [i]);
      }
    }
    if (e.kind === 'load-balancer') continue; // a load balancer forwards only to its targets
    const size = classes.size;
    const c = sourceClass(x, f, i, classes);
    // A class mixes endpoints with different groups: list each (class, group) once, with the member seen first.
    const listed = classes.size > size ? null : (c.listed ??= new Set(c.firstGroups));
    for (let k = start[i]!, end = start[i + 1]!; k < end; k++) {
      const g = groups[k]!;
      if (listed) {
        if (listed.has(g)) continue;
        listed.add(g);
      } else if (groups.indexOf(g, start[i]) < k) continue;
      if (!x.referenced[g]) continue; // no rule names this group: nobody will ask who is in it
      const m = f.byGroup[g] ?? (f.byGroup[g] = { byAddress: [], other: [] });
      (c.egressAll || c.egressByAddress ? m.byAddress : m.other).push({ c, member: i });
    }
  }
  // Classes that can send anything anywhere are the likeliest sources: try them first.
  for (const list of f.byVpc.values()) list.sort((a, b) => Number(b.egressAll) - Number(a.egressAll));
  return f;
}

/** Numeric class keys: (place, atom) * SIGS + egress signature. */
const SIGS = 2 ** 21;

function sourceClass(x: Context, f: Frontier, i: number, classes: Map<number | string, SourceClass>): SourceClass {
  const { topo, eps } = x;
  const allowOnly = topo.allowOnly;
  const e = topo.running[i]!;
  const single = eps.singles[i]!;
  const exactOne = single >= 0;
  const eg = eps.egressOf(i);
  const egressAll = allowOnly && eg.all && (exactOne || topo.addresses(e).v6.isEmpty());
  // Endpoints are interchangeable only when their egress and addresses cannot tell them apart:
  // one exact address -> (place, atom, egress); subnet ranges -> (subnets, egress); else itself.
  const atom = eps.atom[i]!;
  const at = exactOne ? eps.place[i]! * x.atoms.count + atom : -1;
  let key: number | string;
  if (allowOnly && exactOne) key = eg.sigId < SIGS && at < 2 ** 31 ? at * SIGS + eg.sigId : `${at}|${eg.sigId}`;
  else if (allowOnly && !topo.addresses(e).exact && e.subnetIds.length) key = `${eps.vpcIdx[i]}|${e.subnetIds.join(',')}|${e.hasIpv6}|${eg.sigId}`;
  else key = -1 - i; // a class of its own (the keys above are never negative)
  let c = classes.get(key);
  if (!c) {
    const vpc = eps.vpc(i);
    const firstV4 = exactOne ? single : topo.firstIpv4(e) ?? -1;
    c = {
      id: classes.size, rep: e, repIndex: i, vpc, subnet: e.subnetIds[0], atom, firstV4, firstGroups: topo.endpointGroups(i), listed: null,
      // NACL memo key of the sending side: the place and atom of the address it is checked with.
      naclFromId: firstV4 >= 0 ? eps.naclKey(i, firstV4) : -1,
      egressAll, egressByAddress: exactOne && eg.byAddress, egress: egressAll ? [] : eg.rules ?? orderedRules(topo, e.groupIds, 'egress'),
    };
    classes.set(key, c);
    if (c.atom < 0 || !(c.egressAll || c.egressByAddress)) f.specific.add(vpc);
    const list = f.byVpc.get(vpc);
    if (list) list.push(c);
    else f.byVpc.set(vpc, [c]);
  }
  return c;
}
