import { Traffic } from '../traffic.js';
import type { ReachAnswer, ReachEngine } from './engine.js';
import { INTERNET, search } from './search.js';
import type { Selection } from './selectors.js';
import { trafficSpec } from './traffic-spec.js';

/** A set of paths as a policy writes it: sources, targets and what the last hop carries. */
export interface PathSpec {
  from?: string | string[];
  to?: string | string[];
  ports?: string | number;
  protocol?: string | number;
}

/**
 * A network policy. `forbid`: no path may match. `only`: connections to `to` carrying the traffic
 * may be opened only by `from` (the last hop's sender is judged, so a path from the internet
 * through an allowed bastion is allowed). `maxHops` limits which forbidden paths count (1 =
 * direct connections only); `through` excuses every forbidden path that passes one of the named
 * groups or subnets (what remains are the paths that bypass them); `except` excuses what it matches.
 */
export interface PolicySpec {
  id: string;
  description?: string;
  forbid?: PathSpec;
  only?: PathSpec;
  maxHops?: number;
  through?: string | string[];
  except?: PathSpec[];
}

export interface PolicyViolation {
  policy: PolicySpec;
  /** The offending paths from one group of sources to one target class (the witness from the nearest source). */
  answer: ReachAnswer;
}

const list = (x: string | string[] | undefined, dflt: string): string[] => (x === undefined ? [dflt] : Array.isArray(x) ? x : [x]);

/** A union of selectors; one that names nothing in this input selects nothing (a policy may be written ahead of its resources). */
function selectAll(engine: ReachEngine, texts: string[]): Selection {
  const out: Selection = { text: texts.join(', '), internet: false, endpoints: new Set() };
  for (const t of texts) {
    const s = engine.select(t);
    if ('error' in s) continue;
    out.internet ||= s.internet;
    s.endpoints.forEach((i) => out.endpoints.add(i));
  }
  return out;
}

const trafficOf = (p: PathSpec | undefined): Traffic => {
  const t = trafficSpec(p?.protocol, p?.ports);
  return 'error' in t ? Traffic.NONE : t; // the config loader has reported it
};

interface Excuse {
  from: Selection;
  to: Selection;
  traffic: Traffic;
}

/**
 * Every violation of one policy. Sources that the `except` entries treat alike (the same entries
 * name them) are searched together, breadth-first over endpoint classes; what reaches a target is
 * then met with the excuses that name it.
 */
export function evaluatePolicy(engine: ReachEngine, policy: PolicySpec): PolicyViolation[] {
  const spec = policy.forbid ?? policy.only;
  if (!spec) return [];
  const running = engine.solution.topology.running;
  const named = selectAll(engine, list(spec.from, 'any'));
  let sources: Selection;
  if (policy.only) {
    // Everyone not named may not reach the targets.
    const all = new Set(running.keys());
    named.endpoints.forEach((i) => all.delete(i));
    sources = { text: `not ${named.text}`, internet: !named.internet, endpoints: all };
  } else sources = named;
  const targets = engine.byClass(selectAll(engine, list(spec.to, 'any')));
  const traffic = trafficOf(spec);
  const excuses: Excuse[] = (policy.except ?? []).map((x) => ({ from: selectAll(engine, list(x.from, 'any')), to: selectAll(engine, list(x.to, 'any')), traffic: trafficOf(x) }));
  const through = policy.through === undefined || policy.only ? null : passes(engine, list(policy.through, ''));
  // Sources grouped by which excuses name them (the internet is its own source).
  const groups = new Map<string, { internet: boolean; endpoints: number[]; excuses: Excuse[] }>();
  const add = (key: string, internet: boolean, i: number | null, ex: Excuse[]): void => {
    const g = groups.get(key) ?? { internet, endpoints: [], excuses: ex };
    if (i !== null) g.endpoints.push(i);
    groups.set(key, g);
  };
  if (sources.internet) add('internet', true, null, excuses.filter((x) => x.from.internet));
  for (const i of [...sources.endpoints].sort((a, b) => a - b)) {
    const ex = excuses.filter((x) => x.from.endpoints.has(i));
    add(ex.map((x) => excuses.indexOf(x)).join(','), false, i, ex);
  }
  const classOf = engine.graph.classes.classOf;
  const out: PolicyViolation[] = [];
  for (const g of groups.values()) {
    const starts = g.internet ? [INTERNET] : [...new Set(g.endpoints.map((i) => classOf[i]!))];
    // `only` judges the sender of the last hop: direct connections from everyone else.
    const opts = policy.only ? { traffic, maxHops: 1 } : { traffic, ...(policy.maxHops !== undefined ? { maxHops: policy.maxHops } : {}), ...(through ? { bypassing: through } : {}) };
    const found = search(engine.graph, starts, opts);
    for (let r of found.values()) {
      const chosen = targets.get(r.target);
      if (!chosen) continue;
      // A one-member source class found again is a path back to itself: it counts only if another source reaches it.
      if (starts.length > 1 && engine.graph.classes.list[r.target]!.members.length === 1 && starts.includes(r.target)) {
        const other = search(engine.graph, starts.filter((c) => c !== r.target), opts).get(r.target);
        if (!other) continue;
        r = other;
      }
      // A lone source endpoint does not reach itself.
      const members = g.endpoints.length === 1 ? chosen.filter((i) => i !== g.endpoints[0]) : chosen;
      // Split the target's members by the excuses that name them: each part keeps what no excuse covers.
      const parts = new Map<string, { endpoints: number[]; left: Traffic }>();
      for (const i of members) {
        const ex = g.excuses.filter((x) => x.to.endpoints.has(i));
        const key = ex.map((x) => excuses.indexOf(x)).join(',');
        const p = parts.get(key) ?? { endpoints: [], left: ex.reduce((t, x) => t.difference(x.traffic), r.traffic) };
        p.endpoints.push(i);
        parts.set(key, p);
      }
      for (const p of parts.values()) {
        if (p.left.isEmpty()) continue;
        const sourceClass = r.path[0]!;
        const sourceMembers = sourceClass === INTERNET ? [] : g.endpoints.filter((i) => classOf[i] === sourceClass);
        out.push({ policy, answer: { source: { classId: sourceClass, endpoints: sourceMembers }, target: { classId: r.target, endpoints: p.endpoints }, hops: r.hops, traffic: p.left, path: r.path, hopTraffic: r.hopTraffic } });
      }
    }
  }
  return out;
}

/** `through`: classes with one of the named groups, or in one of the named subnets. */
function passes(engine: ReachEngine, names: string[]): (c: number) => boolean {
  const topo = engine.solution.topology;
  const groups = new Set<string>();
  const subnets = new Set<string>();
  for (const n of names) {
    const bare = n.replace(/^(group|subnet):/, '');
    for (const g of topo.network.groups) if (!n.startsWith('subnet:') && (g.id === bare || g.address === bare || g.name === bare)) groups.add(g.id);
    for (const s of topo.network.subnets) if (!n.startsWith('group:') && (s.id === bare || s.address === bare)) subnets.add(s.id);
  }
  const list = engine.graph.classes.list;
  return (c) => {
    const cls = list[c]!;
    if (cls.groups.some((g) => groups.has(g))) return true;
    const rep = engine.graph.classes.rep(c);
    return rep.subnetIds.some((s) => subnets.has(s));
  };
}
