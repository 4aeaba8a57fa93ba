import { Unknown } from '../../../model/unknown.js';
import type { BinaryOp, Expr, Span, TplPart } from '../hcl/ast.js';
import { BudgetError, checkLength, checkValue } from './budget.js';
import { callFunction } from './functions/index.js';
import { opaque } from './partial-list.js';
import type { Scope } from './scope.js';
import {
  EvalError, LazyObject, computedOwner, deepEqual, isObj, newObject, toBool, toNum, toStr, typeName, type ObjectValue, type Value,
} from './values.js';

/**
 * Evaluates an HCL expression to a value. Type errors throw `EvalError`; unknowns propagate;
 * nesting, time and the size of what is built are bounded by the scan's budget.
 */
export function evalExpr(x: Expr, scope: Scope): Value {
  const budget = scope.ctx.budget;
  budget.enter(x);
  try {
    return evalNode(x, scope);
  } finally {
    budget.leave();
  }
}

function evalNode(x: Expr, scope: Scope): Value {
  switch (x.t) {
    case 'lit': return x.v;
    case 'tpl': return evalTemplate(x.parts, scope);
    case 'tuple': {
      scope.ctx.budget.charge(x.items.length, x);
      return checkValue(x.items.map((i) => evalExpr(i, scope)), x);
    }
    case 'object': return checkValue(evalObject(x, scope), x);
    case 'paren': return evalExpr(x.x, scope);
    case 'var':
    case 'attr':
    case 'index': return evalTraversal(x, scope);
    case 'splat': return checkValue(evalSplat(x, scope), x);
    case 'splatItem': return scope.lookup('\0splat') ?? null;
    case 'call': return evalCall(x, scope);
    case 'cond': return evalConditional(x, scope);
    case 'bin': return evalBinaryChain(x, scope);
    case 'un': {
      const v = evalExpr(x.x, scope);
      if (v instanceof Unknown) return opaque(v);
      return x.op === '-' ? -toNum(v, x.x, 'operand of -') : !toBool(v, x.x, 'operand of !');
    }
    case 'for': return checkValue(evalFor(x, scope), x);
  }
}

/**
 * `1 + 2 + 3 …` parses as a left-leaning tree as deep as the chain is long: it is evaluated
 * along its left spine in a loop, so a chain of any length needs no deeper stack.
 */
function evalBinaryChain(x: Expr & { t: 'bin' }, scope: Scope): Value {
  const spine: (Expr & { t: 'bin' })[] = [];
  let leftmost: Expr = x;
  while (leftmost.t === 'bin') {
    spine.push(leftmost);
    leftmost = leftmost.l;
  }
  let value = evalExpr(leftmost, scope);
  for (let i = spine.length - 1; i >= 0; i--) {
    const node = spine[i]!;
    value = evalBinary(node.op, value, node.r, scope, node);
  }
  return value;
}

function evalObject(x: Expr & { t: 'object' }, scope: Scope): Value {
  const out = newObject();
  for (const item of x.items) {
    let key: Value;
    if (item.keyIsIdent && item.key.t === 'var') key = item.key.name;
    else key = evalExpr(item.key, scope);
    if (key instanceof Unknown) return opaque(key);
    scope.ctx.budget.charge(1, item.key);
    out[toStr(key, item.key, 'object key')] = evalExpr(item.value, scope);
  }
  return out;
}

function evalTemplate(parts: TplPart[], scope: Scope): Value {
  // A template that is only `${expr}` yields the expression's value unconverted (HCL spec).
  if (parts.length === 1 && parts[0]!.t === 'interp') return evalExpr(parts[0]!.x, scope);
  let out = '';
  for (const p of parts) {
    let piece: Value;
    switch (p.t) {
      case 'str': piece = p.v; break;
      case 'interp': piece = evalExpr(p.x, scope); break;
      case 'if': {
        const c = evalExpr(p.cond, scope);
        if (c instanceof Unknown) return c;
        piece = toBool(c, p.cond, 'template condition') ? evalTemplate(p.then, scope) : p.else ? evalTemplate(p.else, scope) : '';
        break;
      }
      case 'tfor': {
        const coll = evalExpr(p.coll, scope);
        if (coll instanceof Unknown) return opaque(coll);
        let acc = '';
        for (const [k, v] of entries(coll, p.coll)) {
          scope.ctx.budget.charge(1, p);
          const inner = scope.with(p.keyVar ? { [p.keyVar]: k, [p.valVar]: v } : { [p.valVar]: v });
          const s = evalTemplate(p.body, inner);
          if (s instanceof Unknown) return s;
          acc += toStr(s, p, 'template');
          checkLength(acc.length, p, 'a template result');
        }
        piece = acc;
        break;
      }
    }
    if (piece instanceof Unknown) return opaque(piece);
    if (piece === null) throw new EvalError('cannot include a null value in a string template', p);
    out += toStr(piece, p, 'template interpolation');
    checkLength(out.length, p, 'a template result');
  }
  return out;
}

/** Key/value pairs of a collection: index for lists, sorted keys for maps (Terraform's order). */
export function entries(v: Value, at: Span): [Value, Value][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (v instanceof LazyObject) v = v.toObject(at);
  if (isObj(v)) return Object.keys(v).sort().map((k) => [k, (v as ObjectValue)[k]!]);
  throw new EvalError(`expected a list, set or map to iterate over, found ${typeName(v)}`, at);
}

function evalTraversal(x: Expr, scope: Scope): Value {
  // Unwind the chain to its root: var.x[0].y -> root "var", steps [.x, [0], .y].
  const steps: Expr[] = [];
  let root: Expr = x;
  while (root.t === 'attr' || root.t === 'index') {
    steps.push(root);
    root = root.obj;
  }
  steps.reverse();
  let value: Value;
  let from = 0;
  if (root.t === 'var') {
    const bound = scope.lookup(root.name);
    if (bound !== undefined) value = bound;
    else {
      const names = steps.map((s) => (s.t === 'attr' ? s.name : null));
      const r = scope.ctx.resolve(root.name, names, x);
      value = r.value;
      from = r.consumed;
    }
  } else {
    value = evalExpr(root, scope);
  }
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.t === 'attr') value = getAttr(value, step.name, step);
    else if (step.t === 'index') value = index(value, evalExpr(step.key, scope), step);
  }
  return value;
}

export function getAttr(v: Value, name: string, at: Span): Value {
  if (v instanceof Unknown) return opaque(v);
  if (v instanceof LazyObject) return v.get(name, at);
  if (isObj(v)) {
    if (Object.hasOwn(v, name)) return v[name]!;
    const owner = computedOwner(v);
    if (owner !== undefined) return new Unknown(`${owner}.${name} is computed by the provider when Terraform applies`);
    throw new EvalError(`this object does not have an attribute named ${JSON.stringify(name)}`, at);
  }
  if (v === null) throw new EvalError(`cannot read attribute ${JSON.stringify(name)} of a null value`, at);
  if (Array.isArray(v)) throw new EvalError(`cannot read attribute ${JSON.stringify(name)} of a list; use [index] or [*] to choose elements`, at);
  throw new EvalError(`cannot read attribute ${JSON.stringify(name)} of a ${typeName(v)}`, at);
}

export function index(v: Value, key: Value, at: Span): Value {
  if (v instanceof Unknown) return opaque(v);
  if (key instanceof Unknown) return opaque(key);
  if (Array.isArray(v)) {
    const i = toNum(key, at, 'index');
    if (!Number.isInteger(i) || i < 0 || i >= v.length) throw new EvalError(`index ${i} is out of range for a list of ${v.length} elements`, at);
    return v[i]!;
  }
  if (v instanceof LazyObject) return v.get(toStr(key, at, 'key'), at);
  if (isObj(v)) {
    const k = toStr(key, at, 'key');
    if (Object.hasOwn(v, k)) return v[k]!;
    throw new EvalError(`the map has no element for the key ${JSON.stringify(k)}`, at);
  }
  if (v === null) throw new EvalError('cannot index a null value', at);
  throw new EvalError(`cannot index a ${typeName(v)}`, at);
}

function evalSplat(x: Expr & { t: 'splat' }, scope: Scope): Value {
  const source = evalExpr(x.obj, scope);
  if (source instanceof Unknown) return opaque(source);
  if (source === null) return [];
  const list = Array.isArray(source) ? source : [source];
  scope.ctx.budget.charge(list.length, x);
  return list.map((item) => evalExpr(x.each, scope.with({ '\0splat': item })));
}

function evalCall(x: Expr & { t: 'call' }, scope: Scope): Value {
  const name = x.name.startsWith('core::') ? x.name.slice(6) : x.name;
  if (name === 'try') {
    for (const arg of x.args) {
      try {
        return evalExpr(arg, scope);
      } catch (err) {
        if (!(err instanceof EvalError) || err instanceof BudgetError) throw err;
      }
    }
    throw new EvalError('no expression given to try() could be evaluated without an error', x);
  }
  if (name === 'can') {
    if (x.args.length !== 1) throw new EvalError('can() takes exactly one argument', x);
    try {
      const v = evalExpr(x.args[0]!, scope);
      return v instanceof Unknown ? v : true;
    } catch (err) {
      if (!(err instanceof EvalError) || err instanceof BudgetError) throw err;
      return false;
    }
  }
  let args = x.args.map((a) => evalExpr(a, scope));
  if (x.expand) {
    const last = args.pop()!;
    if (last instanceof Unknown) return opaque(last);
    if (!Array.isArray(last)) throw new EvalError(`the final argument expanded with "..." must be a list, found ${typeName(last)}`, x.args[x.args.length - 1]!);
    args = args.concat(last);
  }
  return callFunction(x.name, args, x, scope.ctx);
}

function evalConditional(x: Expr & { t: 'cond' }, scope: Scope): Value {
  const c = evalExpr(x.cond, scope);
  if (c instanceof Unknown) {
    // Both branches are evaluated: if they agree the result is known whatever the condition.
    // A branch that fails may be the one Terraform never takes, so its failure is not an error.
    const a = branch(x.then, scope);
    const b = branch(x.else, scope);
    return a !== FAILED && b !== FAILED && deepEqual(a, b) ? a : new Unknown(`depends on a condition that is not known statically (${c.reason})`);
  }
  return toBool(c, x.cond, 'condition') ? evalExpr(x.then, scope) : evalExpr(x.else, scope);
}

const FAILED = Symbol('failed');

function branch(x: Expr, scope: Scope): Value | typeof FAILED {
  try {
    return evalExpr(x, scope);
  } catch (err) {
    if (!(err instanceof EvalError) || err instanceof BudgetError) throw err;
    return FAILED;
  }
}

function evalBinary(op: BinaryOp, l: Value, rx: Expr, scope: Scope, at: Span): Value {
  // && and || short-circuit on a known left operand, like Terraform >= 1.x.
  if (op === '&&' && l === false) return false;
  if (op === '||' && l === true) return true;
  const r = evalExpr(rx, scope);
  if (l instanceof Unknown) return opaque(l);
  if (r instanceof Unknown) return opaque(r);
  switch (op) {
    case '==': return deepEqual(l, r);
    case '!=': return !deepEqual(l, r);
    case '&&': return toBool(l, at, 'operand of &&') && toBool(r, at, 'operand of &&');
    case '||': return toBool(l, at, 'operand of ||') || toBool(r, at, 'operand of ||');
  }
  const a = toNum(l, at, `left operand of ${op}`);
  const b = toNum(r, at, `right operand of ${op}`);
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0) throw new EvalError('division by zero', at);
      return a / b;
    case '%':
      if (b === 0) throw new EvalError('modulo by zero', at);
      return a % b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
  }
}

function evalFor(x: Expr & { t: 'for' }, scope: Scope): Value {
  const coll = evalExpr(x.coll, scope);
  if (coll instanceof Unknown) return opaque(coll);
  if (coll === null) throw new EvalError('cannot iterate over a null value in a for expression', x.coll);
  const out = x.isObject ? newObject() : null;
  const list: Value[] = [];
  for (const [k, v] of entries(coll, x.coll)) {
    scope.ctx.budget.charge(1, x);
    const inner = scope.with(x.keyVar ? { [x.keyVar]: k, [x.valVar]: v } : { [x.valVar]: v });
    if (x.cond) {
      const c = evalExpr(x.cond, inner);
      if (c instanceof Unknown) return c;
      if (!toBool(c, x.cond, 'for expression condition')) continue;
    }
    if (out) {
      const key = evalExpr(x.keyExpr!, inner);
      if (key instanceof Unknown) return key;
      const ks = toStr(key, x.keyExpr, 'for expression key');
      const val = evalExpr(x.valExpr, inner);
      if (x.group) ((out[ks] ??= []) as Value[]).push(val);
      else {
        if (Object.hasOwn(out, ks)) throw new EvalError(`duplicate key ${JSON.stringify(ks)} in the for expression; add "..." after the value to group them`, x.keyExpr);
        out[ks] = val;
      }
    } else list.push(evalExpr(x.valExpr, inner));
  }
  return out ?? list;
}
