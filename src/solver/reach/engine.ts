import type { Endpoint } from '../../model/network.js';
import { explain, type ExplainStep } from '../explain.js';
import type { Solution } from '../index.js';
import type { Traffic } from '../traffic.js';
import { ReachGraph } from './graph.js';
import { INTERNET, search, type SearchOptions } from './search.js';
import { select, type Selection } from './selectors.js';

/** One side of an answer: the internet, or the selected members of one endpoint class. */
export interface ClassSide {
  /** The class id, or INTERNET. */
  classId: number;
  /** Running endpoints (indices) of the class that the selector picked; empty for the internet. */
  endpoints: number[];
}

/** Everything one (source class, target class) pair answers. */
export interface ReachAnswer {
  source: ClassSide;
  target: ClassSide;
  hops: number;
  /** What the target can be reached on (the last hop, over every path within the limits). */
  traffic: Traffic;
  /** The classes of one shortest path, source first. */
  path: number[];
  hopTraffic: Traffic[];
}

/** One connection of a witness path, as concrete endpoints, with the layers that decide it (as `explain` gives them). */
export interface WitnessHop {
  from: string;
  to: string;
  packet: string;
  traffic: Traffic;
  steps: ExplainStep[];
}

export interface ReachQuery extends SearchOptions {
  from: Selection;
  to: Selection;
}

/** Reachability between any two sets of endpoints, answered per pair of endpoint classes. */
export class ReachEngine {
  readonly graph: ReachGraph;

  constructor(readonly solution: Solution) {
    this.graph = new ReachGraph(solution.topology);
  }

  select(text: string): Selection | { error: string } {
    return select(this.solution.topology, text);
  }

  /** The selected endpoints grouped by class, in class order. */
  byClass(sel: Selection): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const classOf = this.graph.classes.classOf;
    for (const i of [...sel.endpoints].sort((a, b) => a - b)) {
      const c = classOf[i]!;
      const l = out.get(c);
      if (l) l.push(i);
      else out.set(c, [i]);
    }
    return new Map([...out].sort((a, b) => a[0] - b[0]));
  }

  /** One answer per (source class, target class) with a path; the internet first when it is a source. */
  reach(q: ReachQuery): ReachAnswer[] {
    const targets = this.byClass(q.to);
    const answers: ReachAnswer[] = [];
    const sources: ClassSide[] = [...(q.from.internet ? [{ classId: INTERNET, endpoints: [] }] : []), ...[...this.byClass(q.from)].map(([classId, endpoints]) => ({ classId, endpoints }))];
    for (const source of sources) {
      for (const r of search(this.graph, [source.classId], q).values()) {
        const chosen = targets.get(r.target);
        if (!chosen) continue;
        // An endpoint never counts as reaching itself: a class's other members are real targets.
        const endpoints = source.endpoints.length === 1 ? chosen.filter((i) => i !== source.endpoints[0]) : chosen;
        if (endpoints.length === 0) continue;
        answers.push({ source, target: { classId: r.target, endpoints }, hops: r.hops, traffic: r.traffic, path: r.path, hopTraffic: r.hopTraffic });
      }
    }
    return answers;
  }

  /** The endpoints standing for each class of an answer's path (members differ where a class follows itself). */
  witnessEndpoints(a: Pick<ReachAnswer, 'source' | 'target' | 'path'>): (Endpoint | 'internet')[] {
    const running = this.solution.topology.running;
    const list = this.graph.classes.list;
    const out: (Endpoint | 'internet')[] = [];
    let prev = -1;
    a.path.forEach((c, k) => {
      if (c === INTERNET) {
        out.push('internet');
        prev = -1;
        return;
      }
      const pool = k === 0 ? a.source.endpoints : k === a.path.length - 1 ? a.target.endpoints : list[c]!.members;
      const pick = pool.find((i) => i !== prev) ?? list[c]!.members.find((i) => i !== prev) ?? pool[0]!;
      out.push(running[pick]!);
      prev = pick;
    });
    return out;
  }

  /** The witness path hop by hop, each with the rule lines that let it through. */
  witness(a: Pick<ReachAnswer, 'source' | 'target' | 'path' | 'hopTraffic'>): WitnessHop[] {
    const eps = this.witnessEndpoints(a);
    const hops: WitnessHop[] = [];
    for (let k = 1; k < eps.length; k++) {
      const from = eps[k - 1]!;
      const to = eps[k] as Endpoint;
      const t = a.hopTraffic[k - 1]!;
      const s = t.sample();
      const proto = s?.proto === 'tcp' || s?.proto === 'udp' || s?.proto === 'icmp' ? s.proto : undefined;
      const x = explain(this.solution, {
        target: to.id, from: from === 'internet' ? 'internet' : from.id, direct: true,
        ...(proto ? { proto } : {}), ...(proto && s?.port !== null && s?.port !== undefined ? { port: s.port } : {}),
      });
      const fromId = from === 'internet' ? 'internet' : from.id;
      hops.push('error' in x ? { from: fromId, to: to.id, packet: s ? `${s.proto}${s.port !== null ? `/${s.port}` : ''}` : '', traffic: t, steps: [] }
        : { from: fromId, to: to.id, packet: x.hops[0]?.packet ?? x.packet, traffic: t, steps: x.hops[0]?.steps ?? [] });
    }
    return hops;
  }
}
