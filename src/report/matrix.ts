import type { Diagnostic } from '../model/diagnostic.js';
import type { MatrixCell, Partition, SegmentationMatrix } from '../solver/reach/matrix.js';
import { mdCode, mdText, plain, textReport } from './escape.js';
import { describeTraffic } from './exposure.js';
import { trafficJson, type TrafficJson } from './reach.js';

export interface MatrixReport {
  schemaVersion: 1;
  matrix: {
    by: string;
    sources: string[];
    targets: string[];
    cells: { from: string; to: string; hops: number; traffic: TrafficJson }[];
  };
  diagnostics: Diagnostic[];
}

export const partitionText = (p: Partition): string => (p.by === 'tag' ? `tag:${p.key}` : p.by);

export function matrixReport(m: SegmentationMatrix, diagnostics: Diagnostic[]): MatrixReport {
  return {
    schemaVersion: 1,
    matrix: { by: partitionText(m.partition), sources: m.sources, targets: m.targets, cells: m.cells.map((c) => ({ from: c.from, to: c.to, hops: c.hops, traffic: trafficJson(c.traffic) })) },
    diagnostics,
  };
}

const cellIndex = (m: SegmentationMatrix): Map<string, MatrixCell> => new Map(m.cells.map((c) => [`${c.from}\0${c.to}`, c]));
const trafficText = (c: MatrixCell): string => {
  const text = describeTraffic(c.traffic);
  if (c.traffic.icmp6.isEmpty()) return text;
  return text === 'nothing' ? 'icmpv6' : `${text}; icmpv6`;
};

/**
 * A grid of the fewest hops from each row to each column ("." where there is no path), then every
 * pair with its traffic: the grid shows segmentation at a glance, the list says on what.
 */
export function formatMatrixText(m: SegmentationMatrix): string {
  const cells = cellIndex(m);
  const width = Math.min(24, Math.max(4, ...m.targets.map((t) => plain(t).length)));
  const rowWidth = Math.min(32, Math.max(8, ...m.sources.map((s) => plain(s).length)));
  const fit = (s: string, w: number): string => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const out = [`Segmentation by ${partitionText(m.partition)}: fewest hops from each row to each column (. = no path)`, ''];
  out.push(`${' '.repeat(rowWidth)}  ${m.targets.map((t) => fit(plain(t), width)).join(' ')}`);
  for (const s of m.sources) {
    out.push(`${fit(plain(s), rowWidth)}  ${m.targets.map((t) => fit(`${cells.get(`${s}\0${t}`)?.hops ?? '.'}`, width)).join(' ')}`);
  }
  out.push('');
  for (const c of m.cells) out.push(`${plain(c.from)} -> ${plain(c.to)}: ${trafficText(c)} in ${c.hops} hop(s)`);
  if (!m.cells.length) out.push('No segment reaches another.');
  return textReport(out.join('\n') + '\n');
}

/** Colour by distance: red is one connection away, orange two, yellow more, white none. */
const heat = (hops: number | undefined): string => (hops === undefined ? '⬜' : hops === 1 ? '🟥' : hops === 2 ? '🟧' : '🟨');

/** A heat map table a reviewer reads at a glance: a coloured square and the ports per cell. */
export function formatMatrixMarkdown(m: SegmentationMatrix, title = 'sglint segmentation'): string {
  const cells = cellIndex(m);
  const out = [`## ${mdText(title)} by ${mdCode(partitionText(m.partition))}`, '', 'Rows reach columns. 🟥 one connection, 🟧 two, 🟨 three or more, ⬜ no path.', ''];
  out.push(`| from \\ to | ${m.targets.map(mdCode).join(' | ')} |`, `| --- |${m.targets.map(() => ' --- |').join('')}`);
  for (const s of m.sources) {
    const row = m.targets.map((t) => {
      const c = cells.get(`${s}\0${t}`);
      return c ? `${heat(c.hops)} ${mdText(trafficText(c))}` : heat(undefined);
    });
    out.push(`| ${s === 'internet' ? '**internet**' : mdCode(s)} | ${row.join(' | ')} |`);
  }
  return out.join('\n') + '\n';
}
