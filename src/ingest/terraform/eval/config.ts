import type { Attribute, Block, Body } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';

export interface Declared<T> {
  node: T;
  file: SourceFile;
}

export interface ResourceDecl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  file: SourceFile;
}

/** The declarations of one module directory (all its .tf files together). */
export interface ModuleConfig {
  /** Directory relative to the scanned root, posix separators, "." for the root module. */
  dir: string;
  files: SourceFile[];
  variables: Map<string, Declared<Block>>;
  locals: Map<string, Declared<Attribute>>;
  resources: Map<string, ResourceDecl>;
  data: Map<string, ResourceDecl>;
  moduleCalls: Map<string, Declared<Block>>;
  outputs: Map<string, Declared<Block>>;
  /** Resource types declared in this module: a reference `aws_vpc.main` resolves only for these. */
  resourceTypes: Set<string>;
}

export interface DuplicateDeclaration {
  file: SourceFile;
  offset: number;
  message: string;
}

export function emptyConfig(dir: string): ModuleConfig {
  return {
    dir, files: [], variables: new Map(), locals: new Map(), resources: new Map(), data: new Map(),
    moduleCalls: new Map(), outputs: new Map(), resourceTypes: new Set(),
  };
}

/** Adds one parsed file's top-level blocks to the module's declarations. */
export function addFile(config: ModuleConfig, file: SourceFile, body: Body, duplicates: DuplicateDeclaration[]): void {
  config.files.push(file);
  const put = <T>(map: Map<string, T>, key: string, value: T, what: string, offset: number): void => {
    if (map.has(key)) duplicates.push({ file, offset, message: `duplicate ${what} ${JSON.stringify(key)}: it is already declared in this module` });
    else map.set(key, value);
  };
  for (const block of body.blocks) {
    const [a, b] = block.labels;
    switch (block.type) {
      case 'variable':
        if (a) put(config.variables, a, { node: block, file }, 'variable', block.s);
        break;
      case 'locals':
        for (const attr of block.body.attributes) put(config.locals, attr.name, { node: attr, file }, 'local value', attr.s);
        break;
      case 'resource':
      case 'data':
        if (a && b) {
          const mode = block.type === 'resource' ? 'managed' : 'data';
          put(mode === 'managed' ? config.resources : config.data, `${a}.${b}`, { mode, type: a, name: b, block, file }, block.type, block.s);
          if (mode === 'managed') config.resourceTypes.add(a);
        }
        break;
      case 'module':
        if (a) put(config.moduleCalls, a, { node: block, file }, 'module call', block.s);
        break;
      case 'output':
        if (a) put(config.outputs, a, { node: block, file }, 'output', block.s);
        break;
      default:
        break; // terraform, provider, moved, import, check: nothing to evaluate for reachability
    }
  }
}

export const attribute = (body: Body, name: string): Attribute | undefined => body.attributes.find((a) => a.name === name);
