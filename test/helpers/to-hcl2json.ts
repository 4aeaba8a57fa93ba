import type { Body, Expr, TplPart } from '../../src/ingest/terraform/hcl/index.js';

/**
 * Converts our AST to the value tree `hcl2-parser` (tmccombs/hcl2json) prints, mirroring its Go
 * converter: literals as values, templates flattened with `${source}` for embedded expressions,
 * anything else wrapped as `${source}`; blocks nested by type and labels into lists.
 */
export function toHcl2Json(body: Body, text: string): unknown {
  const src = (x: { s: number; e: number }): string => text.slice(x.s, x.e);
  const wrap = (x: Expr): string => '${' + src(x) + '}';

  const expr = (x: Expr): unknown => {
    switch (x.t) {
      case 'lit': return x.v;
      case 'tpl':
        if (x.parts.length === 1 && x.parts[0]!.t === 'interp' && !x.heredoc) return expr(x.parts[0]!.x);
        return parts(x.parts);
      case 'tuple': return x.items.map(expr);
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const item of x.items) out[item.keyIsIdent || (item.key.t === 'var' || item.key.t === 'attr') ? src(item.key) : stringPart(item.key)] = expr(item.value);
        return out;
      }
      default: return wrap(x);
    }
  };
  const stringPart = (x: Expr): string => {
    if (x.t === 'lit') return x.v === null ? 'null' : String(x.v);
    if (x.t === 'tpl') return parts(x.parts);
    return wrap(x);
  };
  const parts = (ps: TplPart[]): string =>
    ps
      .map((p): string => {
        switch (p.t) {
          case 'str': return p.v;
          case 'interp': return stringPart(p.x);
          case 'if': {
            const elsePart = p.else ? parts(p.else) : '';
            return `%{if ${src(p.cond)}}${parts(p.then)}${elsePart ? `%{else}${elsePart}` : ''}%{endif}`;
          }
          case 'tfor': return `%{for ${p.keyVar ? `${p.keyVar}, ` : ''}${p.valVar} in ${src(p.coll)}}${parts(p.body)}%{endfor}`;
        }
      })
      .join('');

  const convertBody = (b: Body): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const a of b.attributes) out[a.name] = expr(a.expr);
    for (const blk of b.blocks) {
      let target = out;
      let key = blk.type;
      for (const label of blk.labels) {
        if (!(key in target)) target[key] = {};
        target = target[key] as Record<string, unknown>;
        key = label;
      }
      const value = convertBody(blk.body);
      const current = target[key];
      if (Array.isArray(current)) current.push(value);
      else target[key] = [value];
    }
    return out;
  };
  return convertBody(body);
}

/** JSON with object keys sorted, as Go's encoding/json writes maps. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}
