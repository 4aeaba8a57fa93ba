// Public API: `import { defineRule } from 'sglint'` in a custom rule, or drive a scan from code.
export { defineRule, SEVERITIES, type Compliance, type ReportInput, type RuleContext, type RuleDefinition, type Severity } from './checks/index.js';
export type { Finding, Location } from './checks/index.js';
export * from './model/index.js';
export { ingestTerraform, type TerraformResult, type VariableInputs } from './ingest/terraform/index.js';
export { runRules, RuleRegistry, type CheckResult, type RuleSetting } from './checks/index.js';
export { optionsSchemaOf } from './checks/rule-api.js';
export type { EndpointExposure, Solution } from './checks/index.js';
