/**
 * HCL native-syntax AST. Every node carries `s`/`e` offsets into its file's text; line and column
 * come from `SourceFile.position` (a line table built once per file), which keeps parsing fast.
 */
export interface Span {
  s: number;
  e: number;
}

export type Expr =
  | (Span & { t: 'lit'; v: string | number | boolean | null })
  | (Span & { t: 'tpl'; parts: TplPart[]; heredoc: boolean })
  | (Span & { t: 'tuple'; items: Expr[] })
  | (Span & { t: 'object'; items: ObjectItem[] })
  | (Span & { t: 'var'; name: string })
  | (Span & { t: 'attr'; obj: Expr; name: string })
  | (Span & { t: 'index'; obj: Expr; key: Expr; legacy: boolean })
  | (Span & { t: 'splat'; obj: Expr; each: Expr; full: boolean })
  | (Span & { t: 'splatItem' })
  | (Span & { t: 'call'; name: string; args: Expr[]; expand: boolean; nameSpan: Span })
  | (Span & { t: 'cond'; cond: Expr; then: Expr; else: Expr })
  | (Span & { t: 'bin'; op: BinaryOp; l: Expr; r: Expr })
  | (Span & { t: 'un'; op: '-' | '!'; x: Expr })
  | (Span & { t: 'paren'; x: Expr })
  | (Span & ForExpr);

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface ForExpr {
  t: 'for';
  keyVar: string | null;
  valVar: string;
  coll: Expr;
  keyExpr: Expr | null;
  valExpr: Expr;
  cond: Expr | null;
  group: boolean;
  isObject: boolean;
}

export interface ObjectItem {
  key: Expr;
  /** A bare identifier key (`{ name = 1 }`) is a literal string, not a variable reference. */
  keyIsIdent: boolean;
  value: Expr;
}

export type TplPart =
  | (Span & { t: 'str'; v: string })
  | (Span & { t: 'interp'; x: Expr })
  | (Span & { t: 'if'; cond: Expr; then: TplPart[]; else: TplPart[] | null })
  | (Span & { t: 'tfor'; keyVar: string | null; valVar: string; coll: Expr; body: TplPart[] });

export interface Attribute extends Span {
  name: string;
  expr: Expr;
}

export interface Block extends Span {
  type: string;
  labels: string[];
  body: Body;
}

export interface Body extends Span {
  attributes: Attribute[];
  blocks: Block[];
}
