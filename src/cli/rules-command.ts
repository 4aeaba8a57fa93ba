import { optionsSchemaOf, type RuleDefinition } from '../checks/rule-api.js';
import { ruleTable } from '../report/rule-docs.js';

export function formatRules(rules: RuleDefinition<object>[], format: 'text' | 'json' | 'markdown'): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (format === 'json') {
    return JSON.stringify(sorted.map(({ check: _check, ...meta }) => ({ ...meta, recommended: meta.recommended !== false, optionsSchema: optionsSchemaOf(meta as RuleDefinition<object>) })), null, 2) + '\n';
  }
  if (format === 'markdown') return ruleTable(sorted, 'https://github.com/sglint/sglint/blob/main/docs/rules');
  const width = Math.max(...sorted.map((r) => r.id.length));
  return sorted.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.recommended === false ? ' ' : '✓'}  ${r.title}`).join('\n') + '\n';
}

/** `sglint rules ID...`: each rule in full, as a terminal shows it. */
export function formatRuleDetails(rules: RuleDefinition<object>[]): string {
  return rules.map((r) => {
    const compliance = Object.entries(r.compliance ?? {}).map(([framework, ids]) => `${framework} ${(ids as string[]).join(', ')}`);
    return [
      `${r.id}  (${r.severity}${r.recommended === false ? ', strict preset only' : ', recommended'})`,
      r.title,
      '',
      r.description.trim(),
      '',
      'How to fix:',
      r.help.trim(),
      ...(compliance.length ? ['', `Compliance: ${compliance.join('; ')}`] : []),
      '',
    ].join('\n');
  }).join('\n');
}
