// The one argument-schema language of mmc: what a layer, loss, optimizer or data kind takes
// (ArgType/ArgSpec/Signature) and the binder that checks a call against it (positional order,
// names, defaults, types, ranges). The checker binds spec calls with it and reports into its
// DiagnosticBag; the data runtime binds plain requests with it and throws on the first problem.
// No imports from src/check or src/runtime, so both (and the browser) can share it.
import type { Span } from "../source/source.js";
import type { Code } from "../diagnostics/codes.js";
import { suggestionHelp } from "../diagnostics/suggest.js";

export type ArgType =
  | { t: "int"; min?: number; max?: number }
  | { t: "number"; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean }
  | { t: "bool" }
  | { t: "string" }
  | { t: "enum"; options: readonly string[] }
  | { t: "axes" }
  | { t: "ints"; min?: number }
  | { t: "name" }
  | { t: "call" }
  | { t: "numOrEnum"; options: readonly string[] }
  | { t: "strings" }
  /** A file name relative to the spec's folder; `braces`: a brace pattern such as "train-{0000..0007}.tar". */
  | { t: "path"; braces?: boolean }
  | { t: "any" };

export interface ArgSpec {
  name: string;
  type: ArgType;
  positional?: boolean;
  required?: boolean;
  default?: unknown;
  doc: string;
}

export interface Signature {
  name: string;
  args: ArgSpec[];
}

/** An argument before binding: what the checker's evaluator gives, or a runtime request's value. */
export type ArgValue =
  | { kind: "num"; value: number; span: Span }
  | { kind: "str"; value: string; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "sym"; name: string; span: Span }
  | { kind: "list"; items: ArgValue[]; span: Span }
  | { kind: "call"; name: string; callee: { text: string; span: Span }; args: ArgInput[]; span: Span };

export interface ArgInput {
  name?: { text: string; span: Span };
  value: ArgValue;
  span: Span;
}

export interface CallLike {
  name: string;
  nameSpan: Span;
  span: Span;
  args: ArgInput[];
}

/** Where binding problems go: the checker's DiagnosticBag, or the runtime's thrower. */
export interface ArgReporter {
  error(code: Code, message: string, span: Span, label: string, extra: { notes?: string[]; help?: string; suggestion?: string; secondary?: { span: Span; message: string }[] }): unknown;
}

export function describeValue(v: ArgValue): string {
  switch (v.kind) {
    case "num": return Number.isInteger(v.value) ? `the integer ${v.value}` : `the number ${v.value}`;
    case "str": return `the string "${v.value}"`;
    case "bool": return `\`${v.value}\``;
    case "sym": return `the name \`${v.name}\``;
    case "list": return "a list";
    case "call": return `a call to \`${v.name}\``;
  }
}

/** Checked arguments: plain JS values plus where each came from. */
export class BoundArgs {
  constructor(readonly values: Map<string, unknown>, readonly spans: Map<string, Span>, readonly callSpan: Span) {}
  get<T>(name: string): T {
    return this.values.get(name) as T;
  }
  has(name: string): boolean {
    return this.values.get(name) !== undefined;
  }
  span(name: string): Span {
    return this.spans.get(name) ?? this.callSpan;
  }
}


export function bindArgs(sig: Signature, call: CallLike, bag: ArgReporter, extraNote?: string): BoundArgs | undefined {
  const values = new Map<string, unknown>();
  const spans = new Map<string, Span>();
  const positional = sig.args.filter((a) => a.positional);
  let ok = true;
  let seenNamed = false;
  let posIndex = 0;
  const notes = extraNote ? [extraNote] : [];
  for (const a of call.args) {
    let spec: ArgSpec | undefined;
    if (a.name) {
      seenNamed = true;
      spec = sig.args.find((s) => s.name === a.name!.text);
      if (!spec) {
        const names = sig.args.map((s) => s.name);
        bag.error("MM2002", `\`${sig.name}\` has no argument \`${a.name.text}\``, a.name.span, "unknown argument", {
          notes: [`\`${sig.name}\` takes ${names.length ? names.map((n) => `\`${n}\``).join(", ") : "no arguments"}`, ...notes],
          ...suggestionHelp(a.name.text, names),
        });
        ok = false;
        continue;
      }
    } else {
      if (seenNamed) {
        bag.error("MM2008", "a positional argument cannot follow a named one", a.span, "positional argument", {
          help: positional[posIndex] ? `name it: \`${positional[posIndex]!.name}: ...\`` : "move it before the named arguments",
          notes,
        });
        ok = false;
        continue;
      }
      spec = positional[posIndex++];
      if (!spec && posIndex > positional.length + 1) continue; // the first extra one is reported
      if (!spec) {
        bag.error("MM2014", `\`${sig.name}\` takes ${positional.length} positional argument${positional.length === 1 ? "" : "s"}, but more are given`, a.span, "extra argument", {
          help: axesListHelp(sig, positional, call) ?? (positional.length ? `the positional ones are ${positional.map((p) => `\`${p.name}\``).join(", ")}; name the others` : "name the argument, such as `rate: 0.1`"),
          notes,
        });
        ok = false;
        continue;
      }
    }
    if (values.has(spec.name)) {
      bag.error("MM2006", `argument \`${spec.name}\` is given twice`, a.span, "second value", { secondary: [{ span: spans.get(spec.name)!, message: "first value" }], notes });
      ok = false;
      continue;
    }
    const converted = convert(spec, a.value, sig.name, bag, notes);
    if (converted === undefined) {
      ok = false;
      continue;
    }
    values.set(spec.name, converted);
    spans.set(spec.name, a.value.span);
  }
  for (const spec of sig.args) {
    if (values.has(spec.name)) continue;
    if (spec.required) {
      if (ok) {
        bag.error("MM2004", `\`${sig.name}\` needs the argument \`${spec.name}\``, call.span, `missing \`${spec.name}\``, {
          notes: [`\`${spec.name}\`: ${spec.doc}`, ...notes],
          help: spec.positional ? `pass it first, such as \`${sig.name}(${example(spec)})\`` : `add \`${spec.name}: ${example(spec)}\``,
        });
      }
      ok = false;
    } else if (spec.default !== undefined) {
      values.set(spec.name, spec.default);
    }
  }
  return ok ? new BoundArgs(values, spans, call.span) : undefined;
}

/** `mean(L, D)`: several axes go in one list. */
function axesListHelp(sig: Signature, positional: ArgSpec[], call: CallLike): string | undefined {
  if (positional.length !== 1 || positional[0]!.type.t !== "axes") return undefined;
  const syms = call.args.filter((a) => !a.name).map((a) => a.value);
  if (!syms.every((v) => v.kind === "sym")) return undefined;
  return `pass several axes as one list: \`${sig.name}(over: [${syms.map((v) => (v as { name: string }).name).join(", ")}])\``;
}

function example(spec: ArgSpec): string {
  const t = spec.type;
  switch (t.t) {
    case "int": return "64";
    case "number": return "0.1";
    case "bool": return "true";
    case "string": return '"..."';
    case "path": return t.braces ? '"data/train-{0000..0007}.tar"' : '"train.csv"';
    case "strings": return '["..."]';
    case "enum": return t.options[0]!;
    case "axes": return "[H, W]";
    case "ints": return "3";
    default: return "...";
  }
}

function convert(spec: ArgSpec, v: ArgValue, fn: string, bag: ArgReporter, notes: string[]): unknown {
  const fail = (want: string, suggestion: { help?: string; suggestion?: string } = {}) => {
    bag.error("MM2007", `\`${spec.name}\` of \`${fn}\` must be ${want}, not ${describeValue(v)}`, v.span, `expected ${want}`, { notes: [`\`${spec.name}\`: ${spec.doc}`, ...notes], ...suggestion });
    return undefined;
  };
  const range = (x: number, min?: number, max?: number, exMin?: boolean, exMax?: boolean) => {
    const low = min !== undefined && (exMin ? x <= min : x < min);
    const high = max !== undefined && (exMax ? x >= max : x > max);
    if (low || high) {
      const want = [min !== undefined ? `${exMin ? ">" : ">="} ${min}` : "", max !== undefined ? `${exMax ? "<" : "<="} ${max}` : ""].filter(Boolean).join(" and ");
      bag.error("MM3015", `\`${spec.name}\` of \`${fn}\` must be ${want}, but is ${x}`, v.span, "out of range", { notes: [`\`${spec.name}\`: ${spec.doc}`, ...notes] });
      return false;
    }
    return true;
  };
  const t = spec.type;
  switch (t.t) {
    case "any":
      return v;
    case "int":
      if (v.kind !== "num" || !Number.isInteger(v.value)) return fail("a whole number");
      return range(v.value, t.min, t.max) ? v.value : undefined;
    case "number":
      if (v.kind !== "num") return fail("a number");
      // 1e999 reads as Infinity: no setting means that, and training would quietly turn to NaN.
      if (!Number.isFinite(v.value)) return fail("a finite number");
      return range(v.value, t.min, t.max, t.exclusiveMin, t.exclusiveMax) ? v.value : undefined;
    case "bool":
      if (v.kind !== "bool") return fail("`true` or `false`");
      return v.value;
    case "string":
      if (v.kind !== "str") return fail("a string in double quotes");
      return v.value;
    case "path":
      if (v.kind !== "str") return fail(t.braces ? 'a file pattern in double quotes, such as "data/train-{0000..0007}.tar"' : 'a file name in double quotes, such as "train.csv"');
      return v.value;
    case "strings": {
      const items = v.kind === "list" ? v.items : [];
      if (v.kind !== "list" || !items.every((i) => i.kind === "str")) return fail('a list of strings, such as ["red circle"]');
      return items.map((i) => (i as { value: string }).value);
    }
    case "enum": {
      const word = v.kind === "sym" ? v.name : v.kind === "str" ? v.value : undefined;
      if (word === undefined || !t.options.includes(word)) {
        const options = t.options.map((o) => `\`${o}\``).join(", ");
        return fail(`one of ${options}`, word !== undefined ? suggestionHelp(word, t.options) : {});
      }
      return word;
    }
    case "numOrEnum": {
      if (v.kind === "num") return v.value;
      const word = v.kind === "sym" ? v.name : v.kind === "str" ? v.value : undefined;
      if (word === undefined || !t.options.includes(word)) return fail(`a number or one of ${t.options.map((o) => `\`${o}\``).join(", ")}`);
      return word;
    }
    case "axes": {
      const items = v.kind === "list" ? v.items : [v];
      const names: string[] = [];
      for (const it of items) {
        if (it.kind !== "sym") return fail("an axis name or a list of them, such as `[H, W]`");
        names.push(it.name);
      }
      if (names.length === 0) return fail("at least one axis");
      return names.map((n, i) => ({ name: n, span: items[i]!.span }));
    }
    case "ints": {
      const items = v.kind === "list" ? v.items : [v];
      const out: number[] = [];
      for (const it of items) {
        if (it.kind !== "num" || !Number.isInteger(it.value)) return fail("a whole number or a list of them");
        if (t.min !== undefined && !range(it.value, t.min)) return undefined;
        out.push(it.value);
      }
      if (out.length === 0) return fail("at least one number");
      return out;
    }
    case "name":
      if (v.kind !== "sym") return fail("a name");
      return { name: v.name, span: v.span };
    case "call":
      if (v.kind === "sym") return { kind: "call", name: v.name, callee: { text: v.name, span: v.span }, args: [], span: v.span };
      if (v.kind !== "call") return fail("a call such as `adam(lr: 1e-3)`");
      return v;
  }
}
