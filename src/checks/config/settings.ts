import { Ajv } from 'ajv';
import type { Diagnostic } from '../../model/diagnostic.js';
import { optionsSchemaOf, type RuleDefinition } from '../rule-api.js';
import type { RuleSetting } from '../run.js';
import type { Config, PresetName } from './load-config.js';

/** The rules a preset turns on. */
export function presetRules(preset: PresetName, rules: readonly RuleDefinition<object>[]): Set<string> {
  const pick = (keep: (r: RuleDefinition<object>) => boolean): Set<string> => new Set(rules.filter(keep).map((r) => r.id));
  switch (preset) {
    case 'strict': return pick(() => true);
    case 'recommended': return pick((r) => r.recommended !== false);
    default: return pick((r) => (r.compliance?.[preset]?.length ?? 0) > 0);
  }
}

/**
 * Resolves a config against the loaded catalog: which rules run, at which severity, with which
 * options. Unknown rule ids and options that do not fit a rule's schema are errors at their line.
 */
export function ruleSettings(config: Config, rules: readonly RuleDefinition<object>[], custom: ReadonlySet<string>, diagnostics: Diagnostic[], file: string): Map<string, RuleSetting> {
  const on = new Set<string>();
  for (const p of config.extends) for (const id of presetRules(p, rules)) on.add(id);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const settings = new Map<string, RuleSetting>(rules.map((r) => [r.id, { enabled: on.has(r.id) || custom.has(r.id) }]));
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const [id, rc] of config.rules) {
    const rule = byId.get(id);
    if (!rule) {
      diagnostics.push({ severity: 'error', message: `unknown rule "${id}" (see \`sglint rules\` for the ids, or check customRules)`, file, ...rc.at });
      continue;
    }
    const setting: RuleSetting = { enabled: rc.enabled ?? true };
    if (rc.severity) setting.severity = rc.severity;
    if (rc.options) {
      const check = ajv.compile(optionsSchemaOf(rule));
      if (check(rc.options)) setting.options = rc.options;
      else {
        for (const e of check.errors ?? []) {
          const keys = e.instancePath.split('/').slice(1);
          const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
          const known = Object.keys(rule.options ?? {});
          const message = extra
            ? `rule ${id} has no option "${extra}"${known.length ? ` (options: ${known.join(', ')})` : ' (it takes no options)'}`
            : `rule ${id}: option ${keys.join('.') || 'options'} ${e.message ?? 'is invalid'}`;
          diagnostics.push({ severity: 'error', message, file, ...config.locate(['rules', id, 'options', ...(extra ? [extra] : keys)]) });
        }
      }
    }
    settings.set(id, setting);
  }
  return settings;
}
