import type { Nacl, NaclEntry } from '../../model/network.js';
import { PUBLIC_V4, PUBLIC_V6 } from '../../net/addresses.js';
import { naclEntries, type AddrSet, type Family } from '../../solver/layers.js';
import type { Traffic } from '../../solver/traffic.js';
import type { IntervalSet } from '../../net/interval-set.js';
import { trafficOf } from './rule-shape.js';

export interface NaclStep {
  entry: NaclEntry;
  /** Addresses this entry is the first to decide, for the probed traffic. */
  decides: AddrSet;
}

/**
 * First-match evaluation over addresses for traffic that each entry either fully matches or
 * ignores (entries whose traffic does not contain all of `probe` are skipped, which keeps every
 * conclusion drawn from the result sound). Only entries that decide something are returned.
 */
export function naclDecisions(nacl: Nacl, egress: boolean, family: Family, probe: Traffic, within?: AddrSet, stopAt?: NaclEntry): NaclStep[] {
  let remaining: AddrSet = within ?? (family === 4 ? PUBLIC_V4 : PUBLIC_V6);
  const out: NaclStep[] = [];
  for (const { entry, set } of naclEntries(nacl, egress, family)) {
    if (entry === stopAt || remaining.isEmpty()) break;
    if (entry.unknowns.length || !probe.difference(trafficOf(entry)).isEmpty()) continue;
    const decides = (remaining as AddrSet & { intersect(o: AddrSet): AddrSet }).intersect(set as never) as AddrSet;
    if (decides.isEmpty()) continue;
    out.push({ entry, decides });
    remaining = (remaining as AddrSet & { difference(o: AddrSet): AddrSet }).difference(decides as never) as AddrSet;
  }
  return out;
}

/** The entry's own address set (parsed CIDR). */
export function entrySet(nacl: Nacl, entry: NaclEntry): { set: AddrSet; family: Family } | undefined {
  for (const family of [4, 6] as const) {
    const hit = naclEntries(nacl, entry.egress, family).find((x) => x.entry === entry);
    if (hit) return { set: hit.set, family };
  }
  return undefined;
}

/** The whole public address space of a family. */
export const publicSpace = (family: Family): AddrSet => (family === 4 ? PUBLIC_V4 : PUBLIC_V6);

/** The steps together decide every address of `set`. */
export function fullyDecided(set: AddrSet, steps: NaclStep[]): boolean {
  let left = set as IntervalSet<number | bigint>;
  for (const s of steps) left = left.difference(s.decides as IntervalSet<number | bigint>);
  return left.isEmpty();
}
