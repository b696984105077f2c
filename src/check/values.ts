// Compile-time values: what an argument expression evaluates to, with block parameters bound.
import type * as A from "../ast/nodes.js";
import type { Span } from "../source/source.js";

export type Value =
  | { kind: "num"; value: number; span: Span }
  | { kind: "str"; value: string; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "sym"; name: string; span: Span }
  | { kind: "list"; items: Value[]; span: Span }
  | { kind: "call"; name: string; callee: A.Name; args: { name?: A.Name; value: Value; span: Span }[]; span: Span };

/** Block parameters in scope while a block body is expanded. */
export type Env = ReadonlyMap<string, Value>;

export type EvalError = { span: Span; message: string; help?: string };

export function evaluate(e: A.Expr, env: Env, errors: EvalError[]): Value | undefined {
  switch (e.kind) {
    case "number":
      return { kind: "num", value: e.value, span: e.span };
    case "string":
      return { kind: "str", value: e.value, span: e.span };
    case "bool":
      return { kind: "bool", value: e.value, span: e.span };
    case "name": {
      const bound = env.get(e.name.text);
      return bound ? { ...bound, span: e.span } : { kind: "sym", name: e.name.text, span: e.span };
    }
    case "paren":
      return evaluate(e.inner, env, errors);
    case "neg": {
      const v = evaluate(e.operand, env, errors);
      if (v?.kind === "num") return { kind: "num", value: -v.value, span: e.span };
      if (v) errors.push({ span: e.operand.span, message: "only numbers can be negated" });
      return undefined;
    }
    case "list": {
      const items: Value[] = [];
      for (const it of e.items) {
        const v = evaluate(it, env, errors);
        if (!v) return undefined;
        items.push(v);
      }
      return { kind: "list", items, span: e.span };
    }
    case "call": {
      const args: { name?: A.Name; value: Value; span: Span }[] = [];
      for (const a of e.args) {
        const v = evaluate(a.value, env, errors);
        if (!v) return undefined;
        args.push(a.name ? { name: a.name, value: v, span: a.span } : { value: v, span: a.span });
      }
      return { kind: "call", name: e.callee.text, callee: e.callee, args, span: e.span };
    }
    case "binary": {
      const l = evaluate(e.left, env, errors);
      const r = evaluate(e.right, env, errors);
      if (!l || !r) return undefined;
      if (l.kind !== "num" || r.kind !== "num") {
        const [bad, badExpr] = l.kind !== "num" ? [l, e.left] : [r, e.right];
        const what = badExpr.kind === "name" && env.has(badExpr.name.text) ? `\`${badExpr.name.text}\` is ${describeValue(bad)}` : `it gets ${describeValue(bad)}`;
        errors.push({ span: e.span, message: `\`${e.op}\` needs two numbers, but ${what}`, help: "arithmetic in arguments is for numbers, such as `width * 4` where `width` is a number" });
        return undefined;
      }
      if (e.op === "/" && r.value === 0) {
        errors.push({ span: e.right.span, message: "division by zero" });
        return undefined;
      }
      const value = e.op === "+" ? l.value + r.value : e.op === "-" ? l.value - r.value : e.op === "*" ? l.value * r.value : l.value / r.value;
      return { kind: "num", value, span: e.span };
    }
  }
}

export { describeValue } from "../common/arg-schema.js";
import { describeValue } from "../common/arg-schema.js";

export function valueToJson(v: Value): unknown {
  switch (v.kind) {
    case "num": case "str": case "bool": return v.value;
    case "sym": return v.name;
    case "list": return v.items.map(valueToJson);
    case "call": return { call: v.name, args: Object.fromEntries(v.args.map((a, i) => [a.name?.text ?? String(i), valueToJson(a.value)])) };
  }
}
