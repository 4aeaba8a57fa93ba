import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { InputFileError, InputFiles, moduleRootOf } from '../../ingest/files/input-files.js';
import type { Severity } from '../rule-api.js';
import { readPolicies, type ConfiguredPolicy } from './policies.js';
import { CONFIG_SCHEMA } from './schema.js';

/** The yaml library's bound on alias expansion (its own default): a configuration needs few. */
export const MAX_YAML_ALIAS_COUNT = 100;

export const CONFIG_NAMES = ['.sglint.yml', '.sglint.yaml'];
/** The presets `extends` accepts (scripts/generate.mjs writes the same list into the schema). */
export const PRESETS = ['recommended', 'strict', 'cis', 'fsbp', 'pci', 'nist', 'huawei'] as const;
export type PresetName = (typeof PRESETS)[number];

export interface RuleConfig {
  severity?: Severity;
  enabled?: boolean;
  options?: Record<string, unknown>;
  /** Where it was written, for errors found later (unknown rule, bad option). */
  at: { line: number; column: number };
}

export interface Config {
  /** The file it came from (absolute), or undefined when none was found. */
  file?: string;
  dir: string;
  /** The module root the file belongs to: `baseline` and `customRules` must stay inside it. */
  root: string;
  extends: PresetName[];
  rules: Map<string, RuleConfig>;
  customRules: string[];
  ignore: string[];
  failOn?: Severity | 'none';
  baseline?: string;
  /** Network policies (`policies:`), checked by the network-policy rule. */
  policies: ConfiguredPolicy[];
  /** Finds the file:line:column of a key path in the YAML (for errors raised after loading). */
  locate(pathKeys: (string | number)[]): { line: number; column: number };
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA as unknown as object);
  return validator(data) ? [] : (validator.errors ?? []);
}

/**
 * `.sglint.yml` in `start` or the nearest folder above it, never above the module root `stopAt`
 * (the enclosing git work tree, by default): a folder above the repository is not its to configure.
 * A config file that is a symlink out of the root, or not a regular file, is not used.
 */
export function findConfig(start: string, stopAt: string = moduleRootOf(start)): string | undefined {
  const files = new InputFiles(stopAt);
  let dir = path.resolve(start);
  try {
    dir = fs.realpathSync(dir);
  } catch {
    // a missing start: searched lexically
  }
  if (!files.contains(dir)) return undefined;
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const f = path.join(dir, name);
      if (files.isFile(f)) return f;
    }
    if (dir === files.root) return undefined;
    dir = path.dirname(dir);
  }
}

export const emptyConfig = (dir: string): Config => ({ dir, root: dir, extends: ['recommended'], rules: new Map(), customRules: [], ignore: [], policies: [], locate: () => ({ line: 1, column: 1 }) });

/**
 * Reads and validates a config file. Every problem is a diagnostic naming file:line:column; the
 * valid parts are still used, so one typo does not switch the whole configuration off.
 */
/**
 * The config file as messages name it: relative to the working directory, or, when it lies
 * outside it (the base tree of a diff, unpacked into a temporary folder), relative to its own
 * module root, so a pull-request comment says `.sglint.yml:3`, not a temporary path.
 */
function shownPath(abs: string, cwd: string, rootDir: string): string {
  const rel = path.relative(cwd, abs);
  if (!rel) return abs;
  if (!rel.startsWith(`..${path.sep}`) && rel !== '..') return rel;
  const inRoot = path.relative(rootDir, abs);
  return inRoot && !inRoot.startsWith('..') && !path.isAbsolute(inRoot) ? inRoot : rel;
}

export function loadConfig(file: string, cwd: string, diagnostics: Diagnostic[], root?: string): Config {
  const abs = path.resolve(cwd, file);
  const rootDir = root ?? moduleRootOf(abs);
  const rel = shownPath(abs, cwd, rootDir);
  const config = emptyConfig(path.dirname(abs));
  config.file = abs;
  const files = new InputFiles(rootDir, { display: () => rel });
  config.root = files.root;
  let text: string;
  try {
    text = files.readText(abs);
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    diagnostics.push({ severity: 'error', message: `cannot read the configuration: ${err.message}`, file: rel, line: 1, column: 1 });
    return config;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const error = (message: string, pos: { line: number; column: number }): void => {
    diagnostics.push({ severity: 'error', message, file: rel, ...pos });
  };
  config.locate = (keys) => locate(doc, keys, at);
  for (const e of doc.errors) error(`invalid YAML: ${e.message.split('\n')[0]}`, at(e.pos[0]));
  if (doc.errors.length) return config;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) ?? {};
  } catch (err) {
    // The yaml library refuses aliases that expand past the count (an alias bomb).
    if (!(err instanceof ReferenceError)) throw err;
    let firstAlias = 0;
    visit(doc, { Alias: (_key, node) => { firstAlias ||= node.range?.[0] ?? 0; return visit.BREAK; } });
    error(`invalid YAML: aliases expand too much (limit ${MAX_YAML_ALIAS_COUNT}): ${err.message}`, at(firstAlias));
    return config;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    error('the configuration must be a mapping (rules:, extends:, customRules:, ignore:, policies:)', { line: 1, column: 1 });
    return config;
  }
  const bad = new Set<string>();
  for (const e of validate(data)) {
    const keys = e.instancePath.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (e.keyword === 'additionalProperties') keys.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const key = keys.join('.');
    if (bad.has(key) || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    // "exactly one of forbid or only" is said once, by readPolicies, rather than as two schema branches.
    if (e.schemaPath.includes('/policies/items/oneOf/')) continue;
    bad.add(key);
    error(schemaMessage(e, keys), locate(doc, keys, at));
  }
  const raw = data as Record<string, unknown>;
  if (!bad.has('extends') && raw['extends'] !== undefined) config.extends = (Array.isArray(raw['extends']) ? raw['extends'] : [raw['extends']]) as PresetName[];
  if (!bad.has('customRules') && Array.isArray(raw['customRules'])) {
    config.customRules = (raw['customRules'] as string[]).filter((folder, i) => insideRoot(files, config.dir, folder, 'customRules', locate(doc, ['customRules', i], at), error));
  }
  if (!bad.has('ignore') && Array.isArray(raw['ignore'])) config.ignore = raw['ignore'] as string[];
  if (!bad.has('failOn') && typeof raw['failOn'] === 'string') config.failOn = raw['failOn'] as Severity | 'none';
  if (!bad.has('baseline') && typeof raw['baseline'] === 'string' && insideRoot(files, config.dir, raw['baseline'], 'baseline', locate(doc, ['baseline'], at), error)) config.baseline = raw['baseline'];
  config.policies = readPolicies(raw['policies'], bad, rel, (keys) => locate(doc, keys, at), error);
  const rules = raw['rules'];
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
      if ([...bad].some((k) => k === `rules.${id}` || k.startsWith(`rules.${id}.`))) continue;
      const pos = locate(doc, ['rules', id], at);
      if (typeof value === 'string') config.rules.set(id, value === 'off' ? { enabled: false, at: pos } : { enabled: true, severity: value as Severity, at: pos });
      else if (value && typeof value === 'object') {
        const v = value as { severity?: string; enabled?: boolean; options?: Record<string, unknown> };
        config.rules.set(id, {
          at: pos,
          ...(v.severity === 'off' ? { enabled: false } : v.severity ? { severity: v.severity as Severity } : {}),
          ...(v.enabled !== undefined && v.severity !== 'off' ? { enabled: v.enabled } : {}),
          ...(v.options ? { options: v.options } : {}),
        });
      }
    }
  }
  return config;
}

/** A path named in the config resolves (symlinks first) inside the module root; else an error at its line. */
function insideRoot(files: InputFiles, dir: string, value: string, key: string, pos: { line: number; column: number }, error: (message: string, pos: { line: number; column: number }) => void): boolean {
  try {
    files.resolve(path.resolve(dir, value));
    return true;
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    const why = err.outside ? `${JSON.stringify(value)} resolves to ${err.outside}, outside the module root ${files.root}; a configuration may name only files inside its repository` : err.message;
    error(`${key}: ${why}`, pos);
    return false;
  }
}

function schemaMessage(e: ErrorObject, keys: string[]): string {
  const where = keys.length ? keys.join('.') : 'the configuration';
  if (e.keyword === 'additionalProperties') {
    return keys[0] === 'rules' ? `unknown rule "${keys[1]}" (see \`sglint rules\` for the ids)` : `unknown key "${keys.join('.')}": expected one of extends, rules, customRules, ignore, failOn, baseline, policies`;
  }
  if (keys[0] === 'policies' && keys[keys.length - 1] === 'ports') return `${where}: must be a port (0-65535), a range like "8000-8100", or a list like "22,443"`;
  if (e.keyword === 'enum') return `${where}: expected one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map(String).join(', ')}`;
  return `${where}: ${e.message ?? 'invalid value'}`;
}

/** The position of the deepest node on `keys` that exists (a missing key points at its parent). */
function locate(doc: Document, keys: (string | number)[], at: (offset: number) => { line: number; column: number }): { line: number; column: number } {
  let node: unknown = doc.contents;
  let best = (node as { range?: [number] } | null)?.range?.[0] ?? 0;
  for (const k of keys) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(k));
      if (!pair) break;
      best = (pair.key as { range?: [number] }).range?.[0] ?? best;
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: unknown[] }).items[Number(k)];
      if (!item) break;
      best = (item as { range?: [number] }).range?.[0] ?? best;
      node = item;
    } else break;
  }
  return at(best);
}
