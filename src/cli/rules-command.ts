import type { RuleDefinition } from '../checks/rule-api.js';

export function formatRules(rules: RuleDefinition<object>[], format: 'text' | 'json' | 'markdown'): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (format === 'json') {
    return JSON.stringify(sorted.map(({ check: _check, ...meta }) => meta), null, 2) + '\n';
  }
  if (format === 'markdown') {
    const compliance = (r: RuleDefinition<object>): string => Object.entries(r.compliance ?? {}).map(([k, v]) => `${k.toUpperCase()} ${(v as string[]).join(', ')}`).join('; ');
    return ['| Rule | Severity | What it finds | Compliance |', '| --- | --- | --- | --- |', ...sorted.map((r) => `| \`${r.id}\` | ${r.severity} | ${r.title} | ${compliance(r)} |`)].join('\n') + '\n';
  }
  const width = Math.max(...sorted.map((r) => r.id.length));
  return sorted.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}`).join('\n') + '\n';
}
