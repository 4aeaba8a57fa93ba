export * from './ast.js';
export { parseHcl, type ParseResult } from './parser.js';
export { SourceFile, HclSyntaxError } from './source.js';
