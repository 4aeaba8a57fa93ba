import { optionsSchemaOf, type RuleDefinition } from '../checks/rule-api.js';
import { PEER_ID_TABLE } from '../checks/config/peer-ids.js';
import { PRESETS } from '../checks/config/load-config.js';
import { presetRules } from '../checks/config/settings.js';

const FRAMEWORKS: [keyof NonNullable<RuleDefinition<object>['compliance']>, string][] = [
  ['cis', 'CIS AWS Foundations Benchmark v5.0'],
  ['fsbp', 'AWS Foundational Security Best Practices'],
  ['pci', 'PCI DSS 4.0'],
  ['nist', 'NIST SP 800-53 Rev. 5'],
  ['huawei', 'Huawei Cloud Config managed rules'],
];


/** Peer check ids whose inline suppressions sglint honours for this rule. */
function peerIds(id: string): string[] {
  const out: string[] = [];
  for (const [peer, rules] of Object.entries(PEER_ID_TABLE.checkov)) if (rules.includes(id)) out.push(`\`checkov:skip=${peer}\``);
  for (const [ids, rules] of PEER_ID_TABLE.trivy) if (rules.includes(id)) out.push(`\`trivy:ignore:${ids[0]}\` (also ${ids.slice(1).map((x) => `\`${x}\``).join(', ')})`);
  for (const [peer, rules] of Object.entries(PEER_ID_TABLE.tfsec)) if (rules.includes(id)) out.push(`\`tfsec:ignore:${peer}\``);
  return out;
}

/** docs/rules/<id>.md, generated from the rule's metadata (never edited by hand). */
export function ruleDoc(rule: RuleDefinition<object>, all: readonly RuleDefinition<object>[]): string {
  const presets = PRESETS.filter((p) => presetRules(p, all).has(rule.id));
  const lines = [
    `<!-- Generated from rules/${rule.id}.ts by scripts/docs.mjs. Do not edit. -->`,
    `# ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    `| Severity | Presets |`,
    `| --- | --- |`,
    `| ${rule.severity} | ${presets.map((p) => `\`${p}\``).join(', ')} |`,
    '',
    '## What it finds',
    '',
    rule.description,
    '',
    '## How to fix',
    '',
    rule.help,
    '',
  ];
  if (rule.examples) {
    lines.push('### Before', '', '```hcl', rule.examples.bad, '```', '', '### After', '', '```hcl', rule.examples.good, '```', '');
  }
  const options = Object.entries(rule.options ?? {});
  if (options.length) {
    const schema = optionsSchemaOf(rule) as { properties?: Record<string, { type?: string }> };
    lines.push('## Options', '', '| Option | Type | Default |', '| --- | --- | --- |');
    for (const [k, v] of options) lines.push(`| \`${k}\` | ${schema.properties?.[k]?.type ?? 'any'} | \`${JSON.stringify(v)}\` |`);
    lines.push('', 'Set them in `.sglint.yml`:', '', '```yaml', 'rules:', `  ${rule.id}:`, '    options:', ...options.slice(0, 1).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`), '```', '');
  }
  const compliance = FRAMEWORKS.filter(([k]) => rule.compliance?.[k]?.length);
  if (compliance.length) {
    lines.push('## Compliance', '', '| Framework | Controls |', '| --- | --- |');
    for (const [k, name] of compliance) lines.push(`| ${name} | ${rule.compliance![k]!.join(', ')} |`);
    lines.push('');
  }
  lines.push('## Suppressing', '', 'On the line above the resource or rule block (a reason is required; `until` is optional):', '', '```hcl', `# sglint:ignore ${rule.id} reason="why this is accepted" until=2026-12-31`, '```', '');
  const peers = peerIds(rule.id);
  if (peers.length) lines.push(`Existing markers of other scanners are honoured too: ${peers.join('; ')}.`, '');
  return lines.join('\n');
}

/** The catalog table (README and `sglint rules --format markdown`). */
export function ruleTable(rules: readonly RuleDefinition<object>[], docsBase = 'docs/rules'): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const compliance = (r: RuleDefinition<object>): string => FRAMEWORKS.filter(([k]) => r.compliance?.[k]?.length).map(([k]) => `${k.toUpperCase()} ${r.compliance![k]!.join(', ')}`).join('; ');
  return [
    '| Rule | Severity | Recommended | What it finds | Compliance |',
    '| --- | --- | --- | --- | --- |',
    ...sorted.map((r) => `| [\`${r.id}\`](${docsBase}/${r.id}.md) | ${r.severity} | ${r.recommended === false ? '' : '✓'} | ${r.title.replace(/\|/g, '\\|')} | ${compliance(r)} |`),
  ].join('\n') + '\n';
}
