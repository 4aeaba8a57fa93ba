import path from 'node:path';
import { InputFileError, InputFiles, moduleRootOf } from '../files/input-files.js';
import { parseJson } from '../files/json-error.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { emptyNetwork, type Network } from '../../model/network.js';
import { Unknown } from '../../model/unknown.js';
import type { Span } from '../terraform/hcl/ast.js';
import { SourceFile } from '../terraform/hcl/source.js';
import type { EvaluatedBlock, EvaluatedBody } from '../terraform/eval/blocks.js';
import type { EvaluatedResource } from '../terraform/eval/resources.js';
import type { Value } from '../terraform/eval/values.js';
import { mapResources } from '../terraform/map/index.js';
import type { Expression, Expressions, Plan, PlanModule, PlanResource } from './plan-types.js';
import { References } from './references.js';

export interface PlanResult {
  network: Network;
  diagnostics: Diagnostic[];
  files: number;
  resources: number;
}

/** `terraform show -json` output: recognised by content. */
export const isPlan = (data: unknown): boolean =>
  !!data && typeof data === 'object' && 'format_version' in data && ('planned_values' in data || 'resource_changes' in data || 'configuration' in data);

/**
 * Reads a Terraform plan (`terraform show -json PLAN`) into the same model as HCL: planned
 * values where known; where a value is known only after apply, the configuration's references
 * (a group created by the same plan still links to its rules); computed attributes nobody set
 * stay absent. `side: 'before'` reads the prior state of each change instead, for diffs.
 * Findings point at the `.tf` file and line when the configuration sits beside the plan.
 */
export function ingestPlan(file: string, cwd: string, side: 'after' | 'before' = 'after', files?: InputFiles): PlanResult {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs) || abs;
  const reader = files ?? new InputFiles(moduleRootOf(abs), { display: () => rel });
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    text = reader.readText(abs, 'data');
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err;
    return { network: emptyNetwork(), diagnostics: [{ severity: 'error', message: err.message, file: rel }], files: 0, resources: 0 };
  }
  const parsed = parseJson(text);
  if (parsed.error) {
    diagnostics.push({ severity: 'error', message: parsed.error.message, file: rel, line: parsed.error.line, column: parsed.error.column });
    return { network: emptyNetwork(), diagnostics, files: 1, resources: 0 };
  }
  const plan = parsed.value as Plan;
  if (!plan || typeof plan !== 'object' || Array.isArray(plan)) {
    diagnostics.push({ severity: 'error', message: 'a plan must be a JSON object, as terraform show -json writes it', file: rel, line: 1, column: 1 });
    return { network: emptyNetwork(), diagnostics, files: 1, resources: 0 };
  }
  const major = Number(String(plan.format_version ?? '').split('.')[0]);
  if (major !== 1) {
    diagnostics.push({ severity: 'error', message: `unsupported plan format_version ${JSON.stringify(plan.format_version)}: sglint reads format 1.x (Terraform 0.12 and later, terraform show -json)`, file: rel, line: 1, column: 1 });
    return { network: emptyNetwork(), diagnostics, files: 1, resources: 0 };
  }
  try {
    return fromPlan(plan, rel, abs, text, cwd, side, diagnostics, reader);
  } catch (err) {
    // A JSON file that has the plan's markers but not its shape (edited by hand, truncated, another tool's).
    diagnostics.push({ severity: 'error', message: `this is not the structure terraform show -json writes (${(err as Error).message}); nothing was read from it`, file: rel, line: 1, column: 1 });
    return { network: emptyNetwork(), diagnostics, files: 1, resources: 0 };
  }
}

function fromPlan(plan: Plan, rel: string, abs: string, text: string, cwd: string, side: 'after' | 'before', diagnostics: Diagnostic[], reader: InputFiles): PlanResult {
  const planFile = new SourceFile(rel, text);
  const sources = new TfSources(path.dirname(abs), cwd, plan, reader);
  const instances = side === 'after' ? planned(plan.planned_values?.root_module) : prior(plan);
  const addresses = new Set(instances.map((r) => r.address));
  const refs = new References(plan, addresses);
  const changes = (Array.isArray(plan.resource_changes) ? plan.resource_changes : []).filter((c) => isObject(c) && typeof c.address === 'string' && isObject(c.change));
  const unknowns = new Map(changes.map((c) => [c.address, isObject(c.change.after_unknown) ? c.change.after_unknown : {}]));
  const ids = new Map<string, string>();
  for (const r of instances) if (typeof r.values?.['id'] === 'string') ids.set(r.values['id'] as string, r.address);

  const resources: EvaluatedResource[] = [];
  for (const r of instances) {
    if (r.mode !== 'managed' || typeof r.type !== 'string' || typeof r.name !== 'string' || typeof r.address !== 'string') continue;
    const prefix = r.address.slice(0, r.address.length - `${r.type}.${r.name}`.length - indexText(r.index).length);
    const config = refs.module(prefix)?.resources?.find((c) => c.type === r.type && c.name === r.name);
    const at = sources.locate(r, prefix) ?? { file: planFile, span: spanOf(text, r.address) };
    const ctx: BuildContext = { refs, ids, prefix, address: r.address, warnings: diagnostics, index: indexText(r.index), file: at.file, span: at.span, ...(config?.for_each_expression ? { forEach: config.for_each_expression } : {}) };
    const body = buildBody(isObject(r.values) ? r.values : {}, side === 'after' ? (unknowns.get(r.address) ?? {}) : {}, config?.expressions ?? {}, ctx);
    resources.push({ address: r.address, type: r.type, name: r.name, modulePrefix: prefix, file: at.file, span: at.span, body });
  }
  const mapped = mapResources(resources);
  return { network: mapped.network, diagnostics: [...diagnostics, ...mapped.diagnostics], files: 1 + sources.count, resources: resources.length };
}

interface BuildContext {
  refs: References;
  ids: Map<string, string>;
  prefix: string;
  index: string;
  file: SourceFile;
  span: Span;
  /** Inside a block the configuration does not show (a dynamic block): an unknown is a real unknown. */
  nested?: boolean;
  address: string;
  warnings: Diagnostic[];
  /** The resource's for_each expression, for `each.value` references. */
  forEach?: Expression;
  /** A list of blocks written as one expression (`route = [...]`): its references stand for the unknown parts. */
  parent?: Expression;
}

const indexText = (i: number | string | undefined): string => (i === undefined ? '' : typeof i === 'number' ? `[${i}]` : `[${JSON.stringify(i)}]`);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** Attributes holding several ids are lists; the rest are single values. */
const LIST_ATTR = /(_ids|_blocks|s)$/;

function buildBody(values: Record<string, unknown>, unknown: Record<string, unknown>, exprs: Expressions, ctx: BuildContext): EvaluatedBody {
  const attrs: EvaluatedBody['attrs'] = Object.create(null) as EvaluatedBody['attrs'];
  const blocks: EvaluatedBlock[] = [];
  const names = new Set([...Object.keys(values), ...Object.keys(unknown)]);
  for (const name of names) {
    const v = values[name];
    const u = unknown[name];
    const e = exprs[name];
    if (Array.isArray(v) && v.length > 0 && v.every(isObject)) {
      // A nested block (or attribute-as-blocks such as inline ingress): one block per element.
      const configBlocks = Array.isArray(e) ? e : [];
      const parent = e && !Array.isArray(e) ? e : undefined;
      v.forEach((item, i) => {
        const nestedUnknown = Array.isArray(u) && isObject(u[i]) ? u[i] : {};
        const match = configBlocks.find((c) => sameBlock(c, item)) ?? configBlocks[i];
        const inner: BuildContext = { ...ctx, nested: match === undefined && !parent, ...(parent ? { parent } : {}) };
        blocks.push({ type: name, labels: [], body: buildBody(item, nestedUnknown, (match ?? {}) as Expressions, inner), span: ctx.span, file: ctx.file });
      });
      continue;
    }
    const value = u === true || (Array.isArray(u) && u.some((x) => x === true)) ? fromReferences(name, e, ctx) : known(v, ctx);
    if (value !== undefined) attrs[name] = { value, span: ctx.span };
  }
  return { attrs, blocks };
}

/** A known plan value; real cloud ids of resources in the same plan become their addresses. */
function known(v: unknown, ctx: BuildContext): Value | undefined {
  // The provider reports unset optional strings as "": the configuration never said anything.
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'string') return ctx.ids.get(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => known(x, ctx) ?? null);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, known(x, ctx) ?? null]));
  return v as Value;
}

/** A value known only after apply: what the configuration references, or absent when nobody set it. */
function fromReferences(name: string, e: Expression | Record<string, unknown>[] | undefined, ctx: BuildContext): Value | undefined {
  // A computed attribute nobody set stays absent; inside a dynamic block the value is simply not known yet.
  if ((!e || Array.isArray(e)) && ctx.parent) e = ctx.parent;
  if (!e || Array.isArray(e)) return ctx.nested ? new Unknown(`${name} is known only after apply (a dynamic block in the plan)`) : undefined;
  const ids = ctx.refs.resolve(e, ctx.prefix, ctx.index, 0, ctx.forEach);
  if (ids instanceof Unknown) return ids;
  if (LIST_ATTR.test(name)) return ids;
  if (ids.length > 1) {
    // The plan names the collection, not the element (`aws_subnet.public[var.az]`): take the first and say so.
    const origin = ctx.file.position(ctx.span.s);
    ctx.warnings.push({ severity: 'warning', message: `${ctx.address}.${name} is one of ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''} (the plan does not say which before apply); read as ${ids[0]}`, file: ctx.file.path, line: origin.line, column: origin.column });
  }
  return ids[0];
}

function sameBlock(config: Record<string, unknown>, planned: Record<string, unknown>): boolean {
  const keys = ['from_port', 'to_port', 'protocol', 'rule_no', 'cidr_block'];
  let compared = 0;
  for (const k of keys) {
    const c = (config[k] as Expression | undefined)?.constant_value;
    if (c === undefined || planned[k] === undefined) continue;
    compared++;
    if (String(c) !== String(planned[k])) return false;
  }
  return compared > 0;
}

function planned(root: PlanModule | undefined): PlanResource[] {
  const out: PlanResource[] = [];
  const visit = (m: PlanModule | undefined, depth: number): void => {
    if (!isObject(m) || depth > 100) return;
    for (const r of Array.isArray(m.resources) ? m.resources : []) if (isObject(r)) out.push(r as unknown as PlanResource);
    for (const c of Array.isArray(m.child_modules) ? m.child_modules : []) visit(c, depth + 1);
  };
  visit(root, 0);
  return out;
}

/** The state before the plan: each change's `before` (resources being created are absent). */
function prior(plan: Plan): PlanResource[] {
  return (Array.isArray(plan.resource_changes) ? plan.resource_changes : []).filter((c) => isObject(c) && isObject(c.change) && isObject(c.change.before)).map((c) => ({ address: c.address, mode: c.mode, type: c.type, name: c.name, ...(c.index !== undefined ? { index: c.index } : {}), values: c.change.before! }));
}

function spanOf(text: string, address: string): Span {
  const needle = `"address":${JSON.stringify(address)}`;
  let at = text.indexOf(needle);
  if (at < 0) at = text.indexOf(JSON.stringify(address));
  return at < 0 ? { s: 0, e: 1 } : { s: at, e: at + needle.length };
}

/** The `.tf` files beside the plan (and its local modules), to point findings at resource blocks. */
class TfSources {
  private readonly files = new Map<string, SourceFile[]>();
  private readonly index = new Map<string, Map<string, { file: SourceFile; span: Span }>>();
  count = 0;

  constructor(
    private readonly dir: string,
    private readonly cwd: string,
    private readonly plan: Plan,
    private readonly reader: InputFiles,
  ) {}

  locate(r: PlanResource, prefix: string): { file: SourceFile; span: Span } | undefined {
    const dir = this.moduleDir(prefix);
    return dir ? this.blocksIn(dir).get(`${r.type}.${r.name}`) : undefined;
  }

  /** Every `resource "type" "name" {` block of a module folder, indexed once (not one search per resource). */
  private blocksIn(dir: string): Map<string, { file: SourceFile; span: Span }> {
    let index = this.index.get(dir);
    if (!index) {
      index = new Map();
      for (const f of this.filesIn(dir)) {
        for (const m of f.text.matchAll(/^resource\s+"([\w-]+)"\s+"([\w-]+)"\s*\{/gm)) {
          const key = `${m[1]}.${m[2]}`;
          if (!index.has(key)) index.set(key, { file: f, span: { s: m.index, e: blockEnd(f.text, m.index) } });
        }
      }
      this.index.set(dir, index);
    }
    return index;
  }

  private moduleDir(prefix: string): string | undefined {
    let dir = this.dir;
    let m = this.plan.configuration?.root_module;
    for (const part of prefix.split('.').filter((_p, i, all) => all[i - 1] === 'module').map((p) => p.replace(/\[.*$/, ''))) {
      const call = m?.module_calls?.[part];
      if (!call?.source || !/^\.{1,2}\//.test(call.source)) return undefined;
      dir = path.resolve(dir, call.source);
      m = call.module;
    }
    // Inside the module root, symlinks resolved (a string prefix would let `../root-evil` pass for `../root`).
    try {
      return this.reader.resolve(dir);
    } catch {
      return undefined;
    }
  }

  private filesIn(dir: string): SourceFile[] {
    let list = this.files.get(dir);
    if (!list) {
      list = [];
      // Only for locations: a .tf file that cannot be read (or is refused) leaves its findings at the plan.
      try {
        for (const e of this.reader.list(dir)) {
          if (e.kind === 'file' && e.name.endsWith('.tf')) list.push(new SourceFile(path.relative(this.cwd, e.abs), this.reader.readText(e.abs)));
        }
      } catch (err) {
        if (!(err instanceof InputFileError)) throw err;
      }
      this.count += list.length;
      this.files.set(dir, list);
    }
    return list;
  }
}

/** The offset just past the block's closing brace (braces in strings are rare in resource headers). */
function blockEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

