export { formatJson } from './json.js';
export { formatText, type TextOptions } from './text.js';
export { formatSarif } from './sarif.js';
export type { ScanReport } from '../checks/pipeline/types.js';
export { formatMarkdown } from './markdown.js';
export { formatGithub } from './github.js';
export { diffDiagnostics, formatDiffJson, formatDiffMarkdown, formatDiffText, type DiffReport } from './diff.js';
