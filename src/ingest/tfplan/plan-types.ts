/** The parts of `terraform show -json PLAN` (format 1.x) sglint reads. */
export interface Plan {
  format_version?: string;
  terraform_version?: string;
  variables?: Record<string, { value?: unknown }>;
  planned_values?: { root_module?: PlanModule };
  prior_state?: { values?: { root_module?: PlanModule } };
  resource_changes?: ResourceChange[];
  configuration?: { root_module?: ConfigModule };
}

export interface PlanModule {
  address?: string;
  resources?: PlanResource[];
  child_modules?: PlanModule[];
}

export interface PlanResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  values?: Record<string, unknown>;
}

export interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number | string;
  change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; after_unknown?: Record<string, unknown> };
}

export interface Expression {
  constant_value?: unknown;
  references?: string[];
}

/** Attribute expressions; a nested block is a list of expression objects. */
export type Expressions = Record<string, Expression | Record<string, unknown>[]>;

export interface ConfigResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  expressions?: Expressions;
  count_expression?: Expression;
  for_each_expression?: Expression;
}

export interface ConfigModule {
  resources?: ConfigResource[];
  outputs?: Record<string, { expression?: Expression }>;
  variables?: Record<string, { default?: unknown }>;
  module_calls?: Record<string, { source?: string; expressions?: Expressions; module?: ConfigModule }>;
}
