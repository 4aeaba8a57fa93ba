import type { Diagnostic } from '../model/diagnostic.js';
import type { EndpointExposure, Explanation, Solution, StreamedExposure } from '../solver/index.js';
import { formatPortSet } from '../net/ports.js';
import type { Traffic } from '../solver/traffic.js';
import { ByteChunks, encode } from './byte-chunks.js';
import { guardLines, mdCode, plain } from './escape.js';
import { pathGraph } from './mermaid.js';

export interface ExposureReport {
  targets: EndpointExposure[];
  diagnostics: Diagnostic[];
}

const str = JSON.stringify;

/** The bytes between a target's id and its internet exposure, per (file, line, kind): every snapshot target has the same. */
const heads = new Map<string, Map<number, Map<string, Buffer>>>();
let last: { file: string; line: number; kind: string; head: Buffer } | undefined;
function head(file: string, line: number, kind: string): Buffer {
  // Consecutive targets usually share it (a snapshot's all do): no lookups then.
  if (last && last.file === file && last.line === line && last.kind === kind) return last.head;
  let byLine = heads.get(file);
  if (!byLine) heads.set(file, (byLine = new Map()));
  let byKind = byLine.get(line);
  if (!byKind) byLine.set(line, (byKind = new Map()));
  let b = byKind.get(kind);
  if (b === undefined) byKind.set(kind, (b = encode(`,"kind":${str(kind)},"origin":{"file":${str(file)},"line":${line}},"internet":`)));
  last = { file, line, kind, head: b };
  return b;
}

const OPEN = encode('{"id":');
const LINE_END = encode(',\n');
const CLOSE = encode(']}');
const PATH_PORTS = encode('],"pathPorts":[');
const PEERS = encode('],"peers":[');
const NULL = encode('null');

/**
 * A report's encoded "internet ... path":[ parts, per (IPv4 exposure, IPv6 exposure, hops): targets
 * share exposure objects (one per class of groups and subnet), so most are encoded once per report;
 * the targets reached by nobody all share one.
 */
type ExposureParts = Map<Traffic, Map<Traffic, Buffer[]>>;

function exposurePart(parts: ExposureParts, x: StreamedExposure): Buffer {
  let byV6 = parts.get(x.internet);
  if (!byV6) parts.set(x.internet, (byV6 = new Map()));
  let byHops = byV6.get(x.internet6);
  if (!byHops) byV6.set(x.internet6, (byHops = []));
  const k = (x.hopsFromInternet ?? -1) + 1;
  return (byHops[k] ??= encode(`${x.internet.jsonText(4)},"internet6":${x.internet6.jsonText(6)},"hopsFromInternet":${x.hopsFromInternet},"path":[`));
}

function writeTarget(out: ByteChunks, x: StreamedExposure, sol: Solution, parts: ExposureParts): void {
  const o = x.endpoint.origin;
  out.bytes(OPEN);
  out.jsonString(x.endpoint.id);
  out.bytes(head(o.file, o.line, x.endpoint.kind));
  out.bytes(exposurePart(parts, x));
  for (let i = 0; i < x.path.length; i++) {
    if (i) out.comma();
    out.jsonString(x.path[i]!.id);
  }
  out.bytes(PATH_PORTS);
  for (let i = 1; i < x.path.length; i++) {
    const h = x.path[i]!;
    if (i > 1) out.comma();
    if (h.port === null && h.proto === null) out.bytes(NULL);
    else out.jsonString(h.port !== null ? `${h.proto}/${h.port}` : h.proto!);
  }
  out.bytes(PEERS);
  sol.writePeersJson(x.index, out);
  if (x.may.length) out.text(`],"may":${str(x.may)}}`);
  else out.bytes(CLOSE);
}

/**
 * Exposure JSON (schema/exposure.schema.json), one target per line, as UTF-8 pieces of about a megabyte: a large report
 * is written as it is made instead of being built as one string. Shared parts are encoded once.
 * `reuseBuffers`: every piece is the same memory, overwritten when the next is asked for (for a
 * consumer that writes each piece synchronously).
 */
export function* exposureJsonChunks(sol: Solution, diagnostics: Diagnostic[], reuseBuffers = false): Generator<Buffer> {
  const out = new ByteChunks();
  const parts: ExposureParts = new Map();
  out.text('{"schemaVersion":1,"targets":[\n');
  let first = true;
  for (const x of sol.all()) {
    if (!first) out.bytes(LINE_END);
    first = false;
    writeTarget(out, x, sol, parts);
    if (out.full()) yield out.take(reuseBuffers);
  }
  out.text(`${first ? '' : '\n'}],"diagnostics":${str(diagnostics)}}\n`);
  yield out.take(reuseBuffers);
}

export function describeTraffic(t: Traffic, family: 4 | 6 = 4): string {
  const parts: string[] = [];
  if (!t.tcp.isEmpty()) parts.push(`tcp ${formatPortSet(t.tcp)}`);
  if (!t.udp.isEmpty()) parts.push(`udp ${formatPortSet(t.udp)}`);
  if (family === 4 ? !t.icmp.isEmpty() : !t.icmp6.isEmpty()) parts.push(family === 4 ? 'icmp' : 'icmpv6');
  if (!t.other.isEmpty()) parts.push('other protocols');
  return parts.join('; ') || 'nothing';
}

const hopText = (h: EndpointExposure['path'][number]): string => `${h.id}${h.port !== null ? `:${h.port}` : h.proto ? `:${h.proto}` : ''}`;
const pathText = (x: EndpointExposure): string => x.path.map((h, i) => (i === 0 ? 'internet' : plain(hopText(h)))).join(' -> ');
const byHops = (a: EndpointExposure, b: EndpointExposure): number => a.hopsFromInternet! - b.hopsFromInternet! || (a.endpoint.id < b.endpoint.id ? -1 : 1);

/** Human-readable: reachable targets first (fewest hops), each with its exposure, path and peers. */
export function formatExposureText(r: ExposureReport): string {
  const reachable = r.targets.filter((x) => x.hopsFromInternet !== null).sort(byHops);
  const out: string[] = [];
  for (const x of reachable) {
    const o = x.endpoint.origin;
    out.push(`${plain(x.endpoint.id)}  (${x.endpoint.kind}${o.file ? `, ${plain(o.file)}:${o.line}` : ''})`);
    if (!x.internet.isEmpty()) out.push(`  internet (IPv4): ${describeTraffic(x.internet)}`);
    if (!x.internet6.isEmpty()) out.push(`  internet (IPv6): ${describeTraffic(x.internet6, 6)}`);
    out.push(x.hopsFromInternet === 0 ? '  directly reachable from the internet' : `  reachable in ${x.hopsFromInternet} hop${x.hopsFromInternet === 1 ? '' : 's'}: ${pathText(x)}`);
    for (const p of x.peers.slice(0, 8)) out.push(`  from ${plain(p.from)}: ${describeTraffic(p.traffic, p.from.includes(':') ? 6 : 4)}`);
    if (x.peers.length > 8) out.push(`  ... and ${x.peers.length - 8} more peers`);
    if (x.may.length) out.push(`  may: ${x.may.slice(0, 3).map(plain).join('; ')}${x.may.length > 3 ? ` (+${x.may.length - 3})` : ''}`);
    out.push('');
  }
  const direct = reachable.filter((x) => x.hopsFromInternet === 0).length;
  out.push(`${r.targets.length} endpoints: ${direct} directly reachable from the internet, ${reachable.length - direct} through other endpoints, ${r.targets.length - reachable.length} not reachable`);
  for (const d of r.diagnostics) out.push(`${d.severity}: ${d.file ? `${plain(d.file)}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}: ` : ''}${plain(d.message)}`);
  return guardLines(out.join('\n') + '\n');
}

/** How the internet reaches an endpoint, for a table cell: its direct exposure, or the hop into it. */
export function reachedCell(x: EndpointExposure): string {
  if (x.hopsFromInternet === 0) {
    const v4 = x.internet.isEmpty() ? '' : `${describeTraffic(x.internet)} (IPv4)`;
    const v6 = x.internet6.isEmpty() ? '' : `${describeTraffic(x.internet6, 6)} (IPv6)`;
    return `directly: ${[v4, v6].filter(Boolean).join('; ')}`;
  }
  const last = x.path[x.path.length - 1]!;
  const via = x.path.slice(1, -1).map((h) => mdCode(shortId(h.id))).join(' → ');
  return `${x.hopsFromInternet} hop${x.hopsFromInternet === 1 ? '' : 's'} via ${via}${last.port !== null ? ` on ${last.proto ?? 'tcp'}/${last.port}` : last.proto ? ` on ${last.proto}` : ''}`;
}

/** Long ids keep their end (the resource name) so they fit a table cell at GitHub's width. */
export const shortId = (id: string, max = 40): string => (id.length <= max ? id : `…${id.slice(id.length - max + 1)}`);

/** A PR-comment-sized summary: a table of reachable targets and a mermaid graph of the paths. */
export function formatExposureMarkdown(r: ExposureReport, limit = 50): string {
  const reachable = r.targets.filter((x) => x.hopsFromInternet !== null).sort(byHops);
  const out = ['## sglint exposure', '', `${reachable.length} of ${r.targets.length} endpoints are reachable from the internet.`, ''];
  if (reachable.length) {
    out.push('| Endpoint | Kind | Reached from the internet |', '| --- | --- | --- |');
    for (const x of reachable.slice(0, limit)) out.push(`| ${mdCode(shortId(x.endpoint.id))} | ${x.endpoint.kind} | ${reachedCell(x)} |`);
    if (reachable.length > limit) out.push('', `… and ${reachable.length - limit} more (see the JSON report).`);
    out.push('');
    const g = pathGraph(reachable);
    out.push(g.caption, '', ...g.lines);
  }
  return out.join('\n') + '\n';
}

export function formatExplanation(e: Explanation): string {
  const out = [plain(e.summary), ''];
  for (const h of e.hops) {
    out.push(`${plain(h.from)} -> ${plain(h.to)} (${h.packet})`);
    for (const s of h.steps) out.push(`  ${s.verdict === 'allow' ? '✔' : s.verdict === 'block' ? '✖' : '?'} ${s.layer.padEnd(15)} ${plain(s.detail)}${s.origin?.file && !s.detail.includes(s.origin.file) ? `  [${plain(s.origin.file)}:${s.origin.line}]` : ''}`);
  }
  return guardLines(out.join('\n') + '\n');
}
