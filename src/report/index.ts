export { formatJson } from './json.js';
export { formatText, type TextOptions } from './text.js';
export { formatSarif } from './sarif.js';
export type { ScanReport } from './types.js';
