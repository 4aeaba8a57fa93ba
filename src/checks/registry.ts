import { defineRule, type RuleDefinition } from './rule-api.js';

/**
 * The rules a run knows: built-in first, then custom ones. Ids are unique; a second rule with a
 * taken id is refused with the source of both, so a custom rule can never shadow a built-in one.
 */
export class RuleRegistry {
  private readonly byId = new Map<string, { rule: RuleDefinition<object>; source: string }>();

  /** Adds a rule; returns a message instead when it is invalid or its id is taken. */
  add(rule: RuleDefinition<object>, source: string): string | undefined {
    try {
      defineRule(rule);
    } catch (err) {
      return (err as Error).message;
    }
    const taken = this.byId.get(rule.id);
    if (taken) return `a rule with id ${rule.id} is already loaded from ${taken.source}`;
    this.byId.set(rule.id, { rule, source });
    return undefined;
  }

  get(id: string): RuleDefinition<object> | undefined {
    return this.byId.get(id)?.rule;
  }

  sourceOf(id: string): string | undefined {
    return this.byId.get(id)?.source;
  }

  get rules(): RuleDefinition<object>[] {
    return [...this.byId.values()].map((x) => x.rule);
  }
}
