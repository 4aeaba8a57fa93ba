import type { Expr } from '../hcl/ast.js';
import { Unknown } from '../../../model/unknown.js';
import { EvalError, isObj, newObject, toBool, toNum, toStr, type Value } from './values.js';
import { distinct } from './functions/collections.js';

/**
 * Converts a variable value to its declared `type` constraint, filling `optional(type, default)`
 * attributes of object types (Terraform >= 1.3), which real modules use for rule lists.
 */
export function convertToType(v: Value, type: Expr | undefined): Value {
  if (!type || v instanceof Unknown || v === null) return v;
  if (type.t === 'var') {
    switch (type.name) {
      case 'string': return typeof v === 'object' ? fail(v, 'string', type) : toStr(v, type, 'variable');
      case 'number': return toNum(v, type, 'variable');
      case 'bool': return toBool(v, type, 'variable');
      default: return v; // any
    }
  }
  if (type.t !== 'call') return v;
  const [inner] = type.args;
  switch (type.name) {
    case 'list':
    case 'set':
    case 'tuple': {
      if (!Array.isArray(v)) return fail(v, type.name, type);
      if (type.name === 'tuple') {
        const elems = inner?.t === 'tuple' ? inner.items : [];
        return v.map((x, i) => convertToType(x, elems[i]));
      }
      const out = v.map((x) => convertToType(x, inner));
      return type.name === 'set' ? distinct(out) : out;
    }
    case 'map': {
      if (!isObj(v)) return fail(v, 'map', type);
      const out = newObject();
      for (const [k, x] of Object.entries(v)) out[k] = convertToType(x, inner);
      return out;
    }
    case 'object': {
      if (!isObj(v) || inner?.t !== 'object') return isObj(v) ? v : fail(v, 'object', type);
      const out = newObject();
      Object.assign(out, v);
      for (const item of inner.items) {
        const key = item.key.t === 'var' ? item.key.name : item.key.t === 'lit' ? String(item.key.v) : null;
        if (key === null) continue;
        const attrType = item.value;
        const isOptional = attrType.t === 'call' && attrType.name === 'optional';
        if (!Object.hasOwn(v, key) || v[key] === null) {
          if (isOptional) out[key] = attrType.args[1] ? literal(attrType.args[1]) : null;
          else if (!Object.hasOwn(v, key)) throw new EvalError(`the object is missing the required attribute ${JSON.stringify(key)}`, type);
        }
        const declared = isOptional ? attrType.args[0] : attrType;
        out[key] = convertToType(out[key]!, declared);
      }
      return out;
    }
    case 'optional': return convertToType(v, inner);
    default: return v;
  }
}

function fail(v: Value, want: string, at: Expr): never {
  throw new EvalError(`the value does not match the variable's type: expected ${want}, found ${Array.isArray(v) ? 'list' : typeof v}`, at);
}

/** Default values in `optional(T, default)` are constant expressions. */
function literal(x: Expr): Value {
  switch (x.t) {
    case 'lit': return x.v;
    case 'tuple': return x.items.map(literal);
    case 'object': {
      const out = newObject();
      for (const item of x.items) out[item.key.t === 'var' ? item.key.name : String((item.key as { v?: unknown }).v)] = literal(item.value);
      return out;
    }
    default: return new Unknown('a non-constant optional() default');
  }
}
