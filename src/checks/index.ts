export { defineRule, SEVERITIES, type Compliance, type ReportInput, type RuleContext, type RuleDefinition, type Severity } from './rule-api.js';
export { runRules, type CheckResult, type RuleSetting } from './run.js';
export { fingerprint, type Finding, type Location } from './finding.js';
export { worldOpenRules, opensPort, isAllPorts, sourceText } from './helpers/world-open.js';
export { protocolName } from '../model/protocol.js';
