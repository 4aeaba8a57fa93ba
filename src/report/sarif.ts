import { gzipSync } from 'node:zlib';
import type { RawFinding } from '../checks/finding.js';
import { SEVERITIES } from '../checks/rule-api.js';
import { plain } from './escape.js';
import { ruleDoc } from './rule-docs.js';
import type { ScanReport } from '../checks/pipeline/types.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub maps security-severity > 9 critical, >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const DOCS = 'https://github.com/sglint/sglint/blob/main/docs/rules';
/** GitHub's ingestion limits (ecosystem.md §2.4): results per run, gzip size, tags per rule, locations per result. */
export const SARIF_LIMITS = { results: 25_000, gzipBytes: 10_000_000, tags: 20, relatedLocations: 999 };

export interface SarifOptions {
  /** `automationDetails.id` category, so several uploads per commit do not clash (default `sglint/iac/`). */
  category?: string;
  /** Override the limits (tests). */
  limits?: Partial<typeof SARIF_LIMITS>;
  /**
   * Where a report path (relative to the folder sglint ran in) is, for code scanning: relative
   * to %SRCROOT%, the repository root, or an absolute file URI for a file outside it.
   */
  location?: (file: string) => ArtifactLocation;
}

export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

const uri = (file: string): string => file.replace(/\\/g, '/').replace(/^\.\//, '');
const region = (l: { line: number; column: number; endLine?: number; endColumn?: number }) => ({
  startLine: l.line, startColumn: l.column, ...(l.endLine ? { endLine: l.endLine } : {}), ...(l.endColumn && l.endLine ? { endColumn: l.endColumn } : {}),
});

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, rules with help and severity, results with
 * relative locations, related locations for the other hops of a chain, fingerprints that do
 * not depend on line numbers, and GitHub's limits respected by keeping the most severe results
 * and saying how many were left out.
 */
export function formatSarif(r: ScanReport, opts: SarifOptions = {}): string {
  const limits = { ...SARIF_LIMITS, ...opts.limits };
  const artifact = opts.location ?? ((file: string): ArtifactLocation => ({ uri: uri(file), uriBaseId: '%SRCROOT%' }));
  const rules = r.rules;
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const notes: string[] = [];
  const all = r.findings.length > limits.results ? aggregate(r.findings, notes) : r.findings;
  const bySeverity = [...all].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  let kept = bySeverity.slice(0, limits.results);
  const build = (results: RawFinding[]) => ({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sglint',
            version: r.toolVersion,
            semanticVersion: r.toolVersion,
            informationUri: 'https://github.com/sglint/sglint',
            rules: rules.map((x) => ({
              id: x.id,
              name: x.id.replace(/(^|-|\/)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: x.title.slice(0, 1024) },
              fullDescription: { text: x.description.slice(0, 1024) },
              helpUri: x.id.includes('/') ? 'https://github.com/sglint/sglint#custom-rules' : `${DOCS}/${x.id}.md`,
              help: { text: x.help, markdown: ruleDoc(x, rules).replace(/^<!--.*-->\n/, '') },
              defaultConfiguration: { level: LEVEL[x.severity] },
              properties: {
                'security-severity': SECURITY_SEVERITY[x.severity],
                tags: ['security', 'network', ...Object.entries(x.compliance ?? {}).flatMap(([k, ids]) => (ids as string[]).map((id) => `${k}:${id}`))].slice(0, limits.tags),
                precision: 'very-high',
              },
            })),
          },
        },
        automationDetails: { id: opts.category ?? 'sglint/iac/' },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root: the git work tree sglint ran in, else the folder it ran in.' } } },
        columnKind: 'utf16CodeUnits',
        invocations: [{
          executionSuccessful: !r.diagnostics.some((d) => d.severity === 'error'),
          ...(notes.length || r.diagnostics.some((d) => d.severity === 'error') ? {
            toolExecutionNotifications: [
              ...notes.map((text) => ({ level: 'warning', message: { text } })),
              // Input errors (and a partial live scan) travel with the results, so nobody takes them for complete.
              ...r.diagnostics.filter((d) => d.severity === 'error').slice(0, 100).map((d) => ({ level: 'error', message: { text: `${d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : ''}${d.message}` } })),
            ],
          } : {}),
        }],
        results: results.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: LEVEL[f.severity],
          message: { text: messageWithLinks(f, limits.relatedLocations) },
          locations: [
            {
              physicalLocation: { artifactLocation: artifact(f.location.file), region: region(f.location) },
              logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
            },
          ],
          ...(f.related?.length ? {
            relatedLocations: f.related.slice(0, limits.relatedLocations).map((l, i) => ({
              id: i + 1, message: { text: plain(l.message) }, physicalLocation: { artifactLocation: artifact(l.file), region: region(l) },
            })),
            // GitHub renders a code flow as "Show paths": the chain, one step per hop, in order.
            codeFlows: [{
              message: { text: `The path in ${f.related.length} step${f.related.length === 1 ? '' : 's'}` },
              threadFlows: [{
                locations: f.related.slice(0, limits.relatedLocations).map((l, i) => ({
                  location: { physicalLocation: { artifactLocation: artifact(l.file), region: region(l) }, message: { text: plain(l.message) } },
                  executionOrder: i + 1,
                  nestingLevel: 0,
                })),
              }],
            }],
          } : {}),
          // Our own line-independent hash, so moving code does not reopen alerts (GitHub keeps a given value).
          partialFingerprints: { 'sglint/v1': f.fingerprint, primaryLocationLineHash: `${f.fingerprint.slice(0, 16)}:1` },
          properties: { targets: f.targets.slice(0, 100), severity: f.severity },
        })),
      },
    ],
  });
  if (kept.length < all.length) notes.push(`${all.length - kept.length} of ${all.length} results were left out to stay within GitHub's ${limits.results} results per run (the most severe are kept); see the JSON report for all of them`);
  let text = JSON.stringify(build(kept), null, 2) + '\n';
  // Over the compressed-size limit: halve the lowest-severity tail until it fits.
  while (kept.length > 0 && gzipSync(text).length > limits.gzipBytes) {
    kept = kept.slice(0, Math.floor(kept.length / 2));
    notes.length = 0;
    notes.push(`${r.findings.length - kept.length} of ${r.findings.length} results were left out to keep the file under GitHub's ${limits.gzipBytes} byte (gzip) limit (the most severe are kept); see the JSON report for all of them`);
    text = JSON.stringify(build(kept), null, 2) + '\n';
  }
  return text;
}

/** SARIF message text: `[` and `]` in link text are escaped with a backslash (§3.11.5). */
const linkText = (s: string): string => s.replace(/[\\[\]]/g, (c) => `\\${c}`);

/**
 * GitHub shows a related location only when the message links to it (`[text](id)`): a chained
 * finding's message ends with its path, each hop linking to the rule that admits it.
 */
function messageWithLinks(f: RawFinding, max: number): string {
  const related = f.related?.slice(0, max) ?? [];
  // Code scanning shows the text as is: controls and reordering characters from names are made visible.
  if (!related.length) return plain(f.message);
  return `${plain(f.message)}. Path: ${related.map((l, i) => `[${linkText(plain(l.message))}](${i + 1})`).join(', then ')}`;
}

/**
 * Over the results limit, findings of one rule at one place (typical of live-account snapshots,
 * where many findings point at the same file) become one result that lists the rest.
 */
function aggregate(findings: RawFinding[], notes: string[]): RawFinding[] {
  const groups = new Map<string, RawFinding[]>();
  for (const f of findings) {
    const k = `${f.ruleId}\0${f.location.file}\0${f.location.line}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(f);
  }
  const out: RawFinding[] = [];
  for (const g of groups.values()) {
    const [first, ...rest] = g;
    if (!rest.length) out.push(first!);
    else {
      const others = rest.slice(0, 5).map((f) => f.resource).join(', ');
      out.push({ ...first!, message: `${first!.message} (and ${rest.length} more finding${rest.length === 1 ? '' : 's'} of this rule here: ${others}${rest.length > 5 ? ', ...' : ''})`, targets: [...new Set(g.flatMap((f) => f.targets))] });
    }
  }
  if (out.length < findings.length) notes.push(`${findings.length} findings were aggregated into ${out.length} results (one per rule and location) to stay within GitHub's limits`);
  return out;
}
