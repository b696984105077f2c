// The AST of a .mm file. Every node keeps its span so each check can point at the exact part.
import type { Span } from "../source/source.js";

export interface Name {
  text: string;
  span: Span;
}

export type Expr = NumberLit | StringLit | BoolLit | NameRef | CallExpr | ListExpr | BinaryExpr | NegExpr | ParenExpr;

export interface NumberLit { kind: "number"; value: number; raw: string; span: Span }
export interface StringLit { kind: "string"; value: string; raw: string; span: Span }
export interface BoolLit { kind: "bool"; value: boolean; span: Span }
export interface NameRef { kind: "name"; name: Name; span: Span }
export interface CallExpr { kind: "call"; callee: Name; args: Arg[]; span: Span }
export interface ListExpr { kind: "list"; items: Expr[]; span: Span }
export interface BinaryExpr { kind: "binary"; op: "+" | "-" | "*" | "/"; left: Expr; right: Expr; span: Span }
export interface NegExpr { kind: "neg"; operand: Expr; span: Span }
export interface ParenExpr { kind: "paren"; inner: Expr; span: Span }

export interface Arg {
  name?: Name;
  value: Expr;
  span: Span;
}

/** One dimension of a written shape: `B`, `32`, `H: 32`, `D: width`. */
export interface DimExpr {
  axis?: Name;
  size: Expr;
  span: Span;
}

export type Stmt = LayerStmt | RepeatStmt | ResidualStmt;
/** `options`: words after the call (`from "runs/pre/model"` on a block call). */
export interface LayerStmt { kind: "layer"; call: CallExpr; options: TowerOption[]; span: Span }
export interface RepeatStmt { kind: "repeat"; count: Expr; body: Stmt[]; span: Span }
export interface ResidualStmt { kind: "residual"; body: Stmt[]; span: Span }

export type Item = ModelDecl | ImportDecl | DataDecl | InputDecl | BlockDecl | TowerDecl | LossDecl | TrainDecl | EvaluateDecl;

export interface ModelDecl { kind: "model"; name: Name; span: Span }
export interface ImportDecl { kind: "import"; path: StringLit; span: Span }
export interface DataDecl { kind: "data"; call: CallExpr; span: Span }
export interface InputModifier { name: Name; value: Expr; span: Span }
export interface InputDecl { kind: "input"; name: Name; type: Name; dims: DimExpr[]; dimsSpan: Span; modifiers: InputModifier[]; span: Span }
export interface Param { name: Name; default?: Expr; span: Span }
export interface BlockDecl { kind: "block"; name: Name; params: Param[]; body: Stmt[]; span: Span }
/** A word after a tower's header (`from "runs/pre/model"`, `frozen`, `lr_scale 0.1`) or a block call (`from`). */
export interface TowerOption { name: Name; value?: StringLit | NumberLit; span: Span }
export interface TowerDecl {
  kind: "tower";
  role: "encoder" | "head";
  name: Name;
  source: Expr;
  declared?: { dims: DimExpr[]; span: Span };
  options: TowerOption[];
  body: Stmt[];
  bodySpan: Span;
  span: Span;
}
export interface LossDecl { kind: "loss"; expr: Expr; span: Span }
export interface Setting { key: Name; value: Expr; span: Span }
export interface TrainDecl { kind: "train"; settings: Setting[]; span: Span }
export interface EvaluateDecl { kind: "evaluate"; call: CallExpr; span: Span }

export interface Comment {
  text: string;
  span: Span;
}

export interface SpecFile {
  items: Item[];
  comments: Comment[];
  span: Span;
}
