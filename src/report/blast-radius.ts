import type { Diagnostic } from '../model/diagnostic.js';
import { portRange, portSetToJSON, type PortSet } from '../net/ports.js';
import type { ReachAnswer, ReachEngine } from '../solver/reach/index.js';
import { Traffic } from '../solver/traffic.js';
import { formatReachMarkdown, formatReachText, pathJson, tierOf, trafficJson, type PathJson, type TrafficJson } from './reach.js';

/** Remote administration: a foothold on these is a foothold on the host. */
export const ADMIN_PORTS = [22, 23, 3389, 5900, 5985, 5986];
/** Databases, caches, search and file stores. */
export const DATA_PORTS = [1433, 1434, 1521, 2049, 3306, 5432, 5984, 6379, 7000, 7001, 8529, 9042, 9200, 9300, 11211, 27017, 27018, 28015, 50070];
const DATA_KINDS = new Set(['database', 'cache']);

const setOf = (ports: number[]): PortSet => ports.reduce((s, p) => s.union(portRange(p, p)), portRange(1, 0));
const ADMIN = setOf(ADMIN_PORTS);
const DATA = setOf(DATA_PORTS);

export interface BlastRadiusReport {
  source: string;
  totals: {
    /** Endpoints reachable by some path. */
    endpoints: number;
    dataStores: number;
    /** Endpoints reachable on an administration port. */
    adminAccess: number;
    /** Every port and protocol some reachable endpoint can be reached on. */
    traffic: TrafficJson;
    /** Distinct tcp and udp ports in `traffic`. */
    ports: number;
    /** Values of the tier tag among the reachable endpoints (and how many have none). */
    tiers: string[];
    untiered: number;
    maxHops: number;
  };
  /** Most severe first: data stores, then administration access, then fewer hops and more endpoints. */
  paths: PathJson[];
  diagnostics: Diagnostic[];
}

const countPorts = (s: PortSet): number => s.ranges.reduce((n, [a, b]) => n + b - a + 1, 0);

/** Why an answer matters, most severe first; the rank is the number of the first reason (lower first). */
function risks(engine: ReachEngine, a: ReachAnswer): { rank: number; risk: string[] } {
  const running = engine.solution.topology.running;
  const risk: string[] = [];
  const data = a.target.endpoints.some((i) => DATA_KINDS.has(running[i]!.kind));
  const dataPorts = a.traffic.tcp.intersect(DATA).ranges.length > 0;
  const admin = a.traffic.tcp.intersect(ADMIN);
  if (data) risk.push('data store');
  else if (dataPorts) risk.push(`data-store port ${portSetToJSON(a.traffic.tcp.intersect(DATA)).map(([x, y]) => (x === y ? x : `${x}-${y}`)).join(',')}`);
  if (!admin.isEmpty()) risk.push(`admin port ${portSetToJSON(admin).map(([x, y]) => (x === y ? x : `${x}-${y}`)).join(',')}`);
  if (a.traffic.tcp.covers(portRange(0, 65535))) risk.push('all tcp ports');
  return { rank: data || dataPorts ? 0 : !admin.isEmpty() ? 1 : 2, risk };
}

export function blastRadiusReport(engine: ReachEngine, source: string, answers: ReachAnswer[], diagnostics: Diagnostic[], tierTag = 'tier'): BlastRadiusReport {
  const running = engine.solution.topology.running;
  const ranked = answers.map((a) => ({ a, ...risks(engine, a) }))
    .sort((x, y) => x.rank - y.rank || x.a.hops - y.a.hops || y.a.target.endpoints.length - x.a.target.endpoints.length || x.a.target.classId - y.a.target.classId);
  const reached = new Set<number>();
  let traffic = Traffic.NONE;
  let maxHops = 0;
  let admin = 0;
  for (const { a } of ranked) {
    a.target.endpoints.forEach((i) => reached.add(i));
    traffic = traffic.union(a.traffic);
    maxHops = Math.max(maxHops, a.hops);
    if (!a.traffic.tcp.intersect(ADMIN).isEmpty()) admin += a.target.endpoints.length;
  }
  const tiers = new Set<string>();
  let untiered = 0;
  let dataStores = 0;
  for (const i of reached) {
    const t = tierOf(engine, running[i]!, tierTag);
    if (t === undefined) untiered++;
    else tiers.add(t);
    if (DATA_KINDS.has(running[i]!.kind)) dataStores++;
  }
  return {
    source,
    totals: { endpoints: reached.size, dataStores, adminAccess: admin, traffic: trafficJson(traffic), ports: countPorts(traffic.tcp) + countPorts(traffic.udp), tiers: [...tiers].sort(), untiered, maxHops },
    paths: ranked.map(({ a, risk }) => ({ ...pathJson(engine, a), ...(risk.length ? { risk } : {}) })),
    diagnostics,
  };
}

const totalsLine = (r: BlastRadiusReport): string => {
  const t = r.totals;
  return `${t.endpoints} endpoint(s) reachable (${t.dataStores} data store(s), ${t.adminAccess} on an admin port) on ${t.ports} tcp/udp port(s)${t.traffic.icmp || t.traffic.icmpv6 ? ' and icmp' : ''}, within ${t.maxHops} hop(s); tiers: ${t.tiers.length ? t.tiers.join(', ') : 'none tagged'}${t.untiered ? ` (+${t.untiered} untagged)` : ''}`;
};

const asReach = (r: BlastRadiusReport) => ({
  query: { from: r.source, to: 'any', traffic: null, maxHops: null },
  summary: { paths: r.paths.length, sourceEndpoints: 0, targetEndpoints: r.totals.endpoints, endpointClasses: 0 },
  paths: r.paths, diagnostics: r.diagnostics,
});

export function formatBlastRadiusText(r: BlastRadiusReport): string {
  return `Blast radius of ${r.source}: ${totalsLine(r)}\n\n${formatReachText(asReach(r)).split('\n').slice(2).join('\n')}`;
}

export function formatBlastRadiusMarkdown(r: BlastRadiusReport): string {
  const body = formatReachMarkdown(asReach(r), `sglint blast radius: \`${r.source}\``);
  const [head, ...rest] = body.split('\n\n');
  return [head, totalsLine(r), ...rest.slice(1)].join('\n\n');
}
