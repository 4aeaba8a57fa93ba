import type { ScanReport } from './types.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub maps security-severity > 9 critical, >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const DOCS = 'https://github.com/sglint/sglint/blob/main/docs/rules';

/** SARIF 2.1.0 for GitHub code scanning: one run, rules with help and severity, stable fingerprints. */
export function formatSarif(r: ScanReport): string {
  const rules = r.rules;
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sglint',
            version: r.toolVersion,
            informationUri: 'https://github.com/sglint/sglint',
            rules: rules.map((x) => ({
              id: x.id,
              name: x.id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
              shortDescription: { text: x.title },
              fullDescription: { text: x.description },
              helpUri: `${DOCS}/${x.id}.md`,
              help: { text: x.help, markdown: `${x.description}\n\n**How to fix:** ${x.help}` },
              defaultConfiguration: { level: LEVEL[x.severity] },
              properties: {
                'security-severity': SECURITY_SEVERITY[x.severity],
                tags: ['security', 'network', ...Object.entries(x.compliance ?? {}).flatMap(([k, ids]) => (ids as string[]).map((id) => `${k}:${id}`))],
                precision: 'very-high',
              },
            })),
          },
        },
        automationDetails: { id: 'sglint/' },
        columnKind: 'utf16CodeUnits',
        results: r.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.location.file.replace(/^\.\//, '') },
                region: {
                  startLine: f.location.line, startColumn: f.location.column,
                  ...(f.location.endLine ? { endLine: f.location.endLine } : {}), ...(f.location.endColumn ? { endColumn: f.location.endColumn } : {}),
                },
              },
              logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
            },
          ],
          partialFingerprints: { 'sglint/v1': f.fingerprint },
          properties: { targets: f.targets, severity: f.severity },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
