import fs from 'node:fs';
import path from 'node:path';
import type { Location, RawFinding } from '../finding.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { peerRules } from './peer-ids.js';

export interface Suppression {
  /** The marker as written: `sglint:ignore`, `checkov:skip`, `trivy:ignore`, `tfsec:ignore`, `kics-scan ignore-line`, ... */
  marker: string;
  reason?: string;
  until?: string;
  file: string;
  line: number;
}

export interface SuppressedFinding extends RawFinding {
  suppressedBy: Suppression;
}

interface Marker extends Suppression {
  rules: string[] | '*';
  /** kics-scan ignore-line: only the line below; everything else: the block it precedes or sits in. */
  scope: 'line' | 'block';
  /** A problem with the marker itself: it is reported and not applied. */
  invalid?: string;
}

/** Files sglint reads comments from; JSON has none (and a description string must not act as one). */
const COMMENTED = /\.(tf|tfvars|hcl|ya?ml)$/;
const COMMENT = /(?:^|\s)(?:#|\/\/|\/\*)\s*(.*?)\s*(?:\*\/)?$/;

/**
 * Applies inline suppressions: sglint's own `sglint:ignore <rule-id> reason="..." until=YYYY-MM-DD`
 * and the peers' markers, on the line of the finding, in the comment lines just above it or above
 * its resource block, or (Checkov's convention) anywhere inside that block. An expired `until`
 * brings the finding back with a note; a marker without a reason is reported and not applied.
 */
export function applySuppressions(findings: RawFinding[], cwd: string, today: string, diagnostics: Diagnostic[], read: (abs: string) => string | null = readPlain): { active: RawFinding[]; suppressed: SuppressedFinding[] } {
  const cache = new Map<string, Line[]>();
  const reported = new Set<string>();
  const markersOf = (file: string): Line[] => {
    let m = cache.get(file);
    if (!m) cache.set(file, (m = COMMENTED.test(file) ? readMarkers(read(path.resolve(cwd, file)), file) : []));
    return m;
  };
  const active: RawFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const lines = markersOf(f.location.file);
    let hit: Marker | undefined;
    let expired: Marker | undefined;
    for (const m of candidates(lines, f.location, f.container)) {
      if (m.rules !== '*' && !m.rules.includes(f.ruleId)) continue;
      const key = `${m.file}:${m.line}`;
      if (m.invalid) {
        if (!reported.has(key)) diagnostics.push({ severity: 'warning', message: `${m.marker}: ${m.invalid}; the finding is still reported`, file: m.file, line: m.line, column: 1 });
        reported.add(key);
        continue;
      }
      if (m.until && m.until < today) {
        expired = m;
        continue;
      }
      hit = m;
      break;
    }
    if (hit) suppressed.push({ ...f, suppressedBy: stripped(hit) });
    else if (expired) active.push({ ...f, message: `${f.message} (its suppression at ${expired.file}:${expired.line} expired on ${expired.until})` });
    else active.push(f);
  }
  return { active, suppressed };
}

const stripped = (m: Marker): Suppression => ({ marker: m.marker, file: m.file, line: m.line, ...(m.reason ? { reason: m.reason } : {}), ...(m.until ? { until: m.until } : {}) });

interface Line {
  /** A pure comment line: the walk upward from a block continues through it. */
  comment: boolean;
  markers: Marker[];
}

/** Markers that apply to a finding at `loc` inside the block `container`. */
function* candidates(lines: Line[], loc: Location, container?: Location): Generator<Marker> {
  const above = function* (line: number, lineScoped: boolean): Generator<Marker> {
    yield* lines[line]?.markers ?? [];
    for (let l = line - 1; l >= 1 && lines[l]?.comment; l--) {
      for (const m of lines[l]!.markers) if (m.scope === 'block' || (lineScoped && l === line - 1)) yield m;
    }
  };
  yield* above(loc.line, true);
  if (container) yield* above(container.line, false);
  // Checkov's skip comment lives inside the resource block.
  const block = container ?? loc;
  for (let l = block.line + 1; l <= (block.endLine ?? block.line) && l < lines.length; l++) for (const m of lines[l]?.markers ?? []) if (m.marker === 'checkov:skip') yield m;
}

function readPlain(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}

/** Per line (1-based): whether it is a pure comment line, and the markers in its comment (trailing ones included). */
function readMarkers(text: string | null, file: string): Line[] {
  if (text === null) return [];
  const out: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    const comment = /^\s*(#|\/\/|\/\*|\*)/.test(raw);
    const m = /(#|\/\/|\/\*)/.test(raw) ? COMMENT.exec(raw) : null;
    out[i + 1] = { comment, markers: m ? parseMarkers(m[1]!, file, i + 1) : [] };
  });
  return out;
}

function parseMarkers(comment: string, file: string, line: number): Marker[] {
  const out: Marker[] = [];
  const own = /sglint:ignore\s+([\w\-/,* ]+?)(?=\s+\w+=|\s*$)(.*)$/.exec(comment);
  if (own) {
    const attrs = new Map([...own[2]!.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)].map((a) => [a[1]!, a[2] ?? a[3] ?? '']));
    const rules = own[1]!.split(/[\s,]+/).filter(Boolean);
    const m: Marker = { marker: 'sglint:ignore', rules: rules.includes('*') ? '*' : rules, scope: 'block', file, line };
    const reason = attrs.get('reason');
    const until = attrs.get('until');
    if (reason) m.reason = reason;
    if (until !== undefined) m.until = until;
    if (!reason) m.invalid = 'a reason is required (reason="why this is accepted")';
    else if (until !== undefined && !validDate(until)) m.invalid = `until=${until} is not a date such as 2026-12-31`;
    out.push(m);
  }
  for (const c of comment.matchAll(/checkov:skip=(CKV2?_[A-Z]+_\d+)(?::([^\n]*))?/gi)) {
    const rules = peerRules('checkov', c[1]!);
    if (rules) out.push({ marker: 'checkov:skip', rules, scope: 'block', file, line, ...(c[2]?.trim() ? { reason: c[2].trim() } : {}) });
  }
  for (const c of comment.matchAll(/\b(tfsec|trivy):ignore:([\w\-*]+)((?::(?:exp|ws):[^\s:[]+)*)/gi)) {
    const tool = c[1]!.toLowerCase() as 'tfsec' | 'trivy';
    const rules = peerRules(tool, c[2]!);
    const exp = /:exp:([^\s:[]+)/.exec(c[3] ?? '')?.[1];
    if (!rules) continue;
    const m: Marker = { marker: `${tool}:ignore`, rules, scope: 'block', file, line, ...(exp ? { until: exp } : {}) };
    if (exp && !validDate(exp)) m.invalid = `exp:${exp} is not a date such as 2026-12-31`;
    out.push(m);
  }
  if (/kics-scan\s+ignore-line\b/.test(comment)) out.push({ marker: 'kics-scan ignore-line', rules: '*', scope: 'line', file, line });
  if (/kics-scan\s+ignore-block\b/.test(comment)) out.push({ marker: 'kics-scan ignore-block', rules: '*', scope: 'block', file, line });
  return out;
}

const validDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
