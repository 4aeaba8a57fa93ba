import type { Diagnostic } from '../model/diagnostic.js';
import type { Endpoint } from '../model/network.js';
import { INTERNET, tagValue, type ReachAnswer, type ReachEngine } from '../solver/reach/index.js';
import type { Traffic } from '../solver/traffic.js';

/** The traffic of a report: the exposure report's shape, both ICMP families. */
export interface TrafficJson {
  tcp: [number, number][];
  udp: [number, number][];
  icmp: boolean;
  icmpv6: boolean;
  other?: number[];
}

export interface StepJson {
  layer: string;
  verdict: 'allow' | 'block' | 'unknown';
  detail: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface HopJson {
  from: string;
  to: string;
  packet: string;
  traffic: TrafficJson;
  steps: StepJson[];
}

export interface SideJson {
  /** "internet", or the class's selected endpoints (ids). */
  internet?: true;
  endpoints?: string[];
  kinds?: string[];
}

export interface PathJson {
  source: SideJson;
  target: SideJson;
  hops: number;
  traffic: TrafficJson;
  witness: HopJson[];
  /** blast-radius: why this target ranks where it does. */
  risk?: string[];
}

export interface ReachReport {
  query: { from: string; to: string; traffic: TrafficJson | null; maxHops: number | null };
  summary: { paths: number; sourceEndpoints: number; targetEndpoints: number; endpointClasses: number };
  paths: PathJson[];
  diagnostics: Diagnostic[];
}

export const trafficJson = (t: Traffic): TrafficJson => {
  const j = t.toJSON(4);
  return { tcp: j.tcp, udp: j.udp, icmp: j.icmp, icmpv6: !t.icmp6.isEmpty(), ...(j.other ? { other: j.other } : {}) };
};

export interface ReachQueryText {
  from: string;
  to: string;
  traffic?: Traffic;
  maxHops?: number;
}

const ids = (engine: ReachEngine, list: number[]): string[] => list.map((i) => engine.solution.topology.running[i]!.id);
const kinds = (engine: ReachEngine, list: number[]): string[] => [...new Set(list.map((i) => engine.solution.topology.running[i]!.kind))].sort();

export function pathJson(engine: ReachEngine, a: ReachAnswer): PathJson {
  return {
    source: a.source.classId === INTERNET ? { internet: true } : { endpoints: ids(engine, a.source.endpoints), kinds: kinds(engine, a.source.endpoints) },
    target: { endpoints: ids(engine, a.target.endpoints), kinds: kinds(engine, a.target.endpoints) },
    hops: a.hops,
    traffic: trafficJson(a.traffic),
    witness: engine.witness(a).map((h) => ({
      from: h.from, to: h.to, packet: h.packet, traffic: trafficJson(h.traffic),
      steps: h.steps.map((s) => ({ layer: s.layer, verdict: s.verdict, detail: s.detail, ...(s.origin?.file ? { file: s.origin.file, line: s.origin.line, column: s.origin.column } : {}) })),
    })),
  };
}

export function reachReport(engine: ReachEngine, q: ReachQueryText, answers: ReachAnswer[], diagnostics: Diagnostic[]): ReachReport {
  const sources = new Set<number>();
  const targets = new Set<number>();
  for (const a of answers) {
    a.source.endpoints.forEach((i) => sources.add(i));
    a.target.endpoints.forEach((i) => targets.add(i));
  }
  return {
    query: { from: q.from, to: q.to, traffic: q.traffic ? trafficJson(q.traffic) : null, maxHops: q.maxHops ?? null },
    summary: { paths: answers.length, sourceEndpoints: sources.size, targetEndpoints: targets.size, endpointClasses: engine.graph.size },
    paths: answers.map((a) => pathJson(engine, a)),
    diagnostics,
  };
}

const MAX_LISTED = 5;
export const listed = (xs: string[]): string => (xs.length <= MAX_LISTED ? xs.join(', ') : `${xs.slice(0, MAX_LISTED).join(', ')} and ${xs.length - MAX_LISTED} more`);
const sideText = (s: SideJson): string => (s.internet ? 'internet' : listed(s.endpoints ?? []));
const fromJson = (t: TrafficJson): string => {
  const parts: string[] = [];
  const ranges = (r: [number, number][]): string => r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
  if (t.tcp.length) parts.push(`tcp ${ranges(t.tcp)}`);
  if (t.udp.length) parts.push(`udp ${ranges(t.udp)}`);
  if (t.icmp) parts.push('icmp');
  if (t.icmpv6) parts.push('icmpv6');
  if (t.other) parts.push('other protocols');
  return parts.join('; ') || 'nothing';
};

const hopLine = (h: HopJson): string => {
  const sg = h.steps.find((s) => s.layer === 'security-group' && s.verdict !== 'block');
  return `${h.from} -> ${h.to} (${h.packet})${sg?.file ? ` [${sg.file}:${sg.line}]` : ''}`;
};

export function formatReachText(r: ReachReport): string {
  const q = r.query;
  const out = [`Paths from ${q.from} to ${q.to}${q.traffic ? ` on ${fromJson(q.traffic)}` : ''}${q.maxHops !== null ? ` within ${q.maxHops} hop(s)` : ''}: ${r.paths.length}`, ''];
  for (const p of r.paths) {
    out.push(`${sideText(p.source)} -> ${sideText(p.target)}: ${fromJson(p.traffic)} in ${p.hops} hop(s)${p.risk?.length ? `  (${p.risk.join(', ')})` : ''}`);
    for (const h of p.witness) out.push(`  ${hopLine(h)}`);
  }
  if (!r.paths.length) out.push('No path.');
  return out.join('\n') + '\n';
}

/** A mermaid graph of the witness paths (nodes and edges drawn once). */
export function mermaidWitnesses(paths: PathJson[]): string[] {
  const nodes = new Map<string, string>();
  const node = (id: string): string => {
    if (!nodes.has(id)) nodes.set(id, `n${nodes.size}`);
    return nodes.get(id)!;
  };
  const edges = new Set<string>();
  for (const p of paths) for (const h of p.witness) edges.add(`  ${node(h.from)} -->|${h.packet.replace(/[|"]/g, '')}| ${node(h.to)}`);
  return ['```mermaid', 'graph LR', ...[...nodes].map(([id, n]) => `  ${n}["${id.replace(/"/g, "'")}"]`), ...edges, '```'];
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function formatReachMarkdown(r: ReachReport, title = 'sglint reach', limit = 50): string {
  const q = r.query;
  const out = [`## ${title}`, '', `**${r.paths.length}** path class(es) from \`${q.from}\` to \`${q.to}\`${q.traffic ? ` on ${fromJson(q.traffic)}` : ''}${q.maxHops !== null ? ` within ${q.maxHops} hop(s)` : ''}.`, ''];
  if (r.paths.length) {
    out.push('| Source | Target | Reached on | Hops | Path |', '| --- | --- | --- | --- | --- |');
    for (const p of r.paths.slice(0, limit)) {
      out.push(`| ${cell(sideText(p.source))} | ${cell(sideText(p.target))} | ${cell(fromJson(p.traffic))} | ${p.hops} | ${cell(p.witness.map((h) => `${h.to} (${h.packet})`).join(' → '))} |`);
    }
    if (r.paths.length > limit) out.push('', `… and ${r.paths.length - limit} more (see the JSON report).`);
    out.push('', ...mermaidWitnesses(r.paths.slice(0, limit)));
  }
  return out.join('\n') + '\n';
}

/** A tier label for an endpoint (the value of `tierTag` on it or its groups), for blast-radius totals. */
export const tierOf = (engine: ReachEngine, e: Endpoint, tierTag: string): string | undefined => tagValue(engine.solution.topology, e, tierTag);
