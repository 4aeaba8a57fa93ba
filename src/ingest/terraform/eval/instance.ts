import { Unknown } from '../../../model/unknown.js';
import type { Body, Expr, Span } from '../hcl/ast.js';
import type { SourceFile } from '../hcl/source.js';
import { attribute, type ModuleConfig, type ResourceDecl } from './config.js';
import { evalExpr, entries } from './expr.js';
import { expandBlocks, type EvaluatedBlock } from './blocks.js';
import { BudgetError, MAX_INSTANCES, exhausted, tooLarge, type Budget } from './budget.js';
import { ModuleOutputs } from './module-outputs.js';
import { childModuleConfig } from './module-source.js';
import { ResourceInstance } from './resource-instance.js';
import type { Runtime } from './runtime.js';
import { Scope, STAND_IN, isStandIn, type EvalContext } from './scope.js';
import { parseTemplateFile } from './template-file.js';
import { convertToType } from './types.js';
import { EvalError, blockObject, isObj, newObject, toNum, toStr, type Value } from './values.js';

export interface ModuleInput {
  expr: Expr;
  scope: Scope;
  file: SourceFile;
  parent: ModuleInstance;
}

/** The key of one instance made by count (number) or for_each (string); null when neither. */
export type InstanceKey = number | string | null | Unknown;

export interface ExpandedInstance<T> {
  key: InstanceKey;
  item: T;
}

const IN_PROGRESS = Symbol('in progress');
const keySuffix = (k: InstanceKey): string => (k === null ? '' : typeof k === 'number' ? `[${k}]` : k instanceof Unknown ? '[?]' : `[${JSON.stringify(k)}]`);

/**
 * One instance of a module (the root, or `module.web["a"]`). Named values (variables, locals,
 * resources, module calls, outputs) are evaluated lazily and memoised, in dependency order by
 * construction; a reference cycle is reported, not looped on.
 */
export class ModuleInstance {
  private readonly values = new Map<string, Value | typeof IN_PROGRESS>();
  private readonly contexts = new Map<SourceFile, EvalContext>();
  private readonly resourceCache = new Map<ResourceDecl, ExpandedInstance<ResourceInstance>[]>();
  private readonly childInstances = new Map<string, ExpandedInstance<ModuleInstance | null>[]>();

  constructor(
    readonly runtime: Runtime,
    readonly config: ModuleConfig,
    /** Address prefix of everything in this instance: "" for the root, "module.web." below it. */
    readonly prefix: string,
    private readonly inputs: Map<string, ModuleInput> | null,
    /** The call path as modules.json keys it: "" for the root, "web.inner" below it. */
    readonly key = '',
    /** The instance whose module block created this one; null for the root. */
    readonly caller: ModuleInstance | null = null,
    /**
     * True for the one instance scanned in place of a module whose count/for_each is unknown (or
     * inside one): its values are guessed, so what fails in it is not reported.
     */
    readonly standIn = false,
  ) {}

  /**
   * Evaluates an expression written in `file`; a user mistake becomes a diagnostic and an unknown.
   * In a stand-in instance (unknown count, for_each or dynamic for_each) nothing is reported:
   * Terraform never evaluates that guessed instance, so its failures cannot happen for real.
   */
  evaluate(expr: Expr, scope: Scope, file: SourceFile): Value {
    try {
      return evalExpr(expr, scope.ctx.file === file ? scope : scope.withContext(this.context(file)));
    } catch (caught) {
      const err = caught instanceof RangeError ? exhausted(caught, expr) : caught;
      if (!(err instanceof EvalError)) throw err;
      if ((this.standIn || isStandIn(scope)) && !(err instanceof BudgetError)) return new Unknown(`not known for an instance whose count or for_each is not known statically (${err.message})`);
      this.runtime.report(err.where?.file ?? file, err.where?.span ?? err.span ?? expr, 'error', err.message);
      return new Unknown(`could not be evaluated: ${err.message}`);
    }
  }

  scope(file: SourceFile): Scope {
    return new Scope(this.context(file));
  }

  context(file: SourceFile): EvalContext {
    let ctx = this.contexts.get(file);
    if (!ctx) {
      const made: EvalContext = {
        file,
        modulePath: this.runtime.modulePath(this.config.dir),
        resolve: (root, names, span) => this.resolve(root, names, span),
        readFile: (p, span) => this.runtime.readFile(p, span),
        fileExists: (p, span) => this.runtime.fileExists(p, span),
        fileSet: (p, matches, span) => this.runtime.fileSet(p, matches, span),
        renderTemplate: (text, vars, span, templatePath) => parseTemplateFile(text, vars, span, made, templatePath),
        budget: this.runtime.budget,
        warn: (message, span) => this.runtime.report(file, span, 'warning', message),
      };
      this.contexts.set(file, (ctx = made));
    }
    return ctx;
  }

  private memo(key: string, at: Span, compute: () => Value): Value {
    const v = this.values.get(key);
    if (v === IN_PROGRESS) throw new EvalError(`cycle: ${key} refers to itself through other values`, at);
    if (v !== undefined) return v;
    this.values.set(key, IN_PROGRESS);
    try {
      const result = compute();
      this.values.set(key, result);
      return result;
    } catch (err) {
      this.values.delete(key);
      throw err;
    }
  }

  resolve(root: string, names: (string | null)[], span: Span): { value: Value; consumed: number } {
    const first = names[0];
    const need = (what: string): string => {
      if (!first) throw new EvalError(`expected ${root}.<name> (a ${what} name) after "${root}"`, span);
      return first;
    };
    switch (root) {
      case 'var': return { value: this.variable(need('variable'), span), consumed: 1 };
      case 'local': return { value: this.local(need('local value'), span), consumed: 1 };
      case 'module': return { value: this.moduleValue(need('module'), span), consumed: 1 };
      case 'path': return { value: need('path') === 'module' ? this.runtime.modulePath(this.config.dir) : '.', consumed: 1 };
      case 'terraform': return { value: need('terraform') === 'workspace' ? 'default' : new Unknown(`terraform.${first}`), consumed: 1 };
      case 'each':
      case 'count':
        throw new EvalError(`"${root}" can only be used in a resource or module block that sets ${root === 'each' ? 'for_each' : 'count'}`, span);
      case 'self': return { value: new Unknown('self is only known inside provisioners'), consumed: 0 };
      case 'data': {
        const type = need('data source type');
        const name = names[1];
        if (!name) throw new EvalError(`expected data.${type}.<name>`, span);
        if (!this.config.data.has(`${type}.${name}`)) throw new EvalError(`reference to undeclared data source "data.${type}.${name}"`, span);
        return { value: new Unknown(`${this.prefix}data.${type}.${name} is read from the cloud when Terraform runs`), consumed: 2 };
      }
    }
    const decl = first ? this.config.resources.get(`${root}.${first}`) : undefined;
    if (decl) return { value: this.resourceValue(decl, span), consumed: 1 };
    if (this.config.resourceTypes.has(root) || root.includes('_')) {
      throw new EvalError(`reference to undeclared resource "${root}.${first ?? ''}" in ${this.config.dir === '.' ? 'the root module' : `module ${this.config.dir}`}`, span);
    }
    throw new EvalError(`unknown name "${root}": expected var., local., module., data., a resource type, or a for/dynamic iterator`, span);
  }

  variable(name: string, at: Span): Value {
    return this.memo(`var.${name}`, at, () => {
      const decl = this.config.variables.get(name);
      if (!decl) throw new EvalError(`reference to undeclared input variable "${name}"; declare it with a variable "${name}" block`, at);
      const body = decl.node.body;
      const typeAttr = attribute(body, 'type');
      let value: Value | undefined;
      const input = this.inputs?.get(name);
      if (input) value = input.parent.evaluate(input.expr, input.scope, input.file);
      else if (!this.inputs && this.runtime.rootInputs.has(name)) value = this.runtime.rootInputs.get(name)!;
      const defaultAttr = attribute(body, 'default');
      if ((value === undefined || value === null) && defaultAttr) value = this.evaluate(defaultAttr.expr, this.scope(decl.file), decl.file);
      if (value === undefined) return new Unknown(`variable "${name}" has no value: set it in terraform.tfvars or with --var ${name}=...`);
      try {
        return convertToType(value, typeAttr?.expr);
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        this.runtime.report(decl.file, decl.node, 'error', `variable "${name}": ${err.message}`);
        return new Unknown(`variable "${name}" has a value of the wrong type`);
      }
    });
  }

  local(name: string, at: Span): Value {
    return this.memo(`local.${name}`, at, () => {
      const decl = this.config.locals.get(name);
      if (!decl) throw new EvalError(`reference to undeclared local value "${name}"`, at);
      return this.evaluate(decl.node.expr, this.scope(decl.file), decl.file);
    });
  }

  /** Expands count/for_each of a resource or module block into keyed instance scopes. */
  private expand(body: Body, file: SourceFile, what: string): { key: InstanceKey; scope: Scope }[] {
    const base = this.scope(file);
    const count = attribute(body, 'count');
    const forEach = attribute(body, 'for_each');
    if (count) {
      const n = this.evaluate(count.expr, base, file);
      if (n instanceof Unknown) {
        this.runtime.report(file, count.expr, 'warning', `the count of ${what} is not known statically (${n.reason}); it is scanned as one instance with an unknown index`);
        return [{ key: n, scope: base.with({ count: newObjectWith({ index: n }), [STAND_IN]: true }) }];
      }
      const total = this.safe(() => instanceCount(n, count.expr, this.runtime.budget), file, 0);
      return Array.from({ length: total }, (_x, i) => ({ key: i, scope: base.with({ count: newObjectWith({ index: i }) }) }));
    }
    if (forEach) {
      const coll = this.evaluate(forEach.expr, base, file);
      if (coll instanceof Unknown) {
        this.runtime.report(file, forEach.expr, 'warning', `the for_each of ${what} is not known statically (${coll.reason}); it is scanned as one instance with an unknown key`);
        return [{ key: coll, scope: base.with({ each: newObjectWith({ key: coll, value: coll }), [STAND_IN]: true }) }];
      }
      return this.safe(() => {
        if (coll === null) throw new EvalError('for_each must be a map or a set of strings, found null', forEach.expr);
        const items = entries(coll, forEach.expr);
        if (items.length > MAX_INSTANCES) throw tooLarge(`for_each of ${items.length} instances`, MAX_INSTANCES, forEach.expr);
        this.runtime.budget.charge(items.length, forEach.expr);
        return items.map(([k, v]) => {
          const key = Array.isArray(coll) ? toStr(v, forEach.expr, 'for_each element (a set of strings)') : (k as string);
          return { key, scope: base.with({ each: newObjectWith({ key, value: isObj(coll) ? v : key }) }) };
        });
      }, file, []);
    }
    return [{ key: null, scope: base }];
  }

  private safe<T>(f: () => T, file: SourceFile, fallback: T): T {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      if (!this.standIn || err instanceof BudgetError) this.runtime.report(err.where?.file ?? file, err.where?.span ?? err.span, 'error', err.message);
      return fallback;
    }
  }

  resourceInstances(decl: ResourceDecl): ExpandedInstance<ResourceInstance>[] {
    let list = this.resourceCache.get(decl);
    if (!list) {
      const base = `${this.prefix}${decl.mode === 'data' ? 'data.' : ''}${decl.type}.${decl.name}`;
      list = this.expand(decl.block.body, decl.file, base).map(({ key, scope }) => ({
        key,
        item: new ResourceInstance(this, decl, base + keySuffix(key), scope),
      }));
      this.resourceCache.set(decl, list);
    }
    return list;
  }

  private resourceValue(decl: ResourceDecl, at: Span): Value {
    return collect(this.resourceInstances(decl), decl.block.body, at);
  }

  moduleInstances(name: string): ExpandedInstance<ModuleInstance | null>[] {
    let list = this.childInstances.get(name);
    if (list) return list;
    const decl = this.config.moduleCalls.get(name)!;
    const body = decl.node.body;
    const config = childModuleConfig(this, name, body, decl.file);
    list = this.expand(body, decl.file, `module.${name}`).map(({ key, scope }) => {
      if (!config) return { key, item: null };
      const inputs = new Map<string, ModuleInput>();
      for (const a of body.attributes) {
        if (MODULE_META.has(a.name)) continue;
        if (!config.variables.has(a.name)) {
          this.runtime.report(decl.file, a, 'error', `module "${name}" (${config.dir}) has no variable named "${a.name}"`);
          continue;
        }
        inputs.set(a.name, { expr: a.expr, scope, file: decl.file, parent: this });
      }
      for (const [v, d] of config.variables) {
        if (!inputs.has(v) && !attribute(d.node.body, 'default')) this.runtime.report(decl.file, decl.node, 'warning', `module "${name}" does not set the required variable "${v}"; values that depend on it are unknown`);
      }
      const standIn = this.standIn || key instanceof Unknown;
      return { key, item: new ModuleInstance(this.runtime, config, `${this.prefix}module.${name}${keySuffix(key)}.`, inputs, this.key ? `${this.key}.${name}` : name, this, standIn) };
    });
    this.childInstances.set(name, list);
    return list;
  }

  private moduleValue(name: string, at: Span): Value {
    const decl = this.config.moduleCalls.get(name);
    if (!decl) throw new EvalError(`reference to undeclared module "${name}"`, at);
    const list = this.moduleInstances(name).map(({ key, item }) => ({
      key,
      item: item ? new ModuleOutputs(item, name) : new Unknown(`the outputs of module "${name}" are unknown (its source is not scanned)`),
    }));
    return collect(list, decl.node.body, at);
  }

  output(name: string, at: Span): Value {
    return this.memo(`output.${name}`, at, () => {
      const decl = this.config.outputs.get(name);
      if (!decl) throw new EvalError(`module ${this.config.dir} has no output named "${name}"`, at);
      const value = attribute(decl.node.body, 'value');
      return value ? this.evaluate(value.expr, this.scope(decl.file), decl.file) : null;
    });
  }

  /** Nested blocks of a resource read as a value (`aws_security_group.x.ingress`, `aws_eks_cluster.x.vpc_config[0]`). */
  evaluateBlocksAsValues(body: Body, type: string, scope: Scope, file: SourceFile, owner: string): Value {
    return blockValues(expandBlocks(this, body, scope, file), type, `${owner}.${type}`);
  }

  /** All child module instances, created even when nothing references them, so their resources are scanned. */
  children(): ModuleInstance[] {
    return [...this.config.moduleCalls.keys()].flatMap((n) => this.moduleInstances(n).map((i) => i.item).filter((i): i is ModuleInstance => i !== null));
  }
}

/** Blocks of one type as a list of objects; attributes they do not write are the provider's (unknown). */
function blockValues(blocks: EvaluatedBlock[], type: string, owner: string): Value[] {
  return blocks
    .filter((b) => b.type === type)
    .map((b) => {
      const o = blockObject(owner);
      for (const [k, a] of Object.entries(b.body.attrs)) o[k] = a.value;
      for (const inner of new Set(b.body.blocks.map((x) => x.type))) if (!(inner in o)) o[inner] = blockValues(b.body.blocks, inner, `${owner}.${inner}`);
      return o;
    });
}

const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** A count value as Terraform accepts it (a whole number, not negative), within the budget. */
function instanceCount(n: Value, at: Span, budget: Budget): number {
  const total = toNum(n, at, 'count');
  if (!Number.isInteger(total) || Math.abs(total) >= 2 ** 63) throw new EvalError('invalid count argument: the given "count" argument value is unsuitable: value must be a whole number, between -9223372036854775808 and 9223372036854775807', at);
  if (total < 0) throw new EvalError('invalid count argument: the given "count" argument value is unsuitable: must be greater than or equal to zero', at);
  if (total > MAX_INSTANCES) throw tooLarge(`count of ${total} instances`, MAX_INSTANCES, at);
  budget.charge(total, at);
  return total;
}

function newObjectWith(fields: Record<string, Value>): Value {
  return Object.assign(newObject(), fields);
}

/** The value of a reference to a counted/for_each'd thing: one item, a list, or a map by key. */
function collect(list: ExpandedInstance<Value>[], body: Body, at: Span): Value {
  if (attribute(body, 'count')) {
    if (list.length === 1 && list[0]!.key instanceof Unknown) return list[0]!.key;
    return list.map((i) => i.item);
  }
  if (attribute(body, 'for_each')) {
    if (list.length === 1 && list[0]!.key instanceof Unknown) return list[0]!.key;
    const out = newObject();
    for (const i of list) out[String(i.key)] = i.item;
    return out;
  }
  if (!list[0]) throw new EvalError('internal: a resource without instances', at);
  return list[0].item;
}
