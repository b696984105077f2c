// Arguments of `data kind(...)` at run time: a request is bound by the same binder and schema
// the checker uses (src/common/arg-schema.ts), so the two cannot disagree on a type, range or
// default. The checker has usually reported any problem already, with a span; this is the
// runtime's own guard for callers that build requests themselves (tests, the playground).
import { bindArgs, type ArgReporter, type ArgValue, type ArgInput } from "../../common/arg-schema.js";
import { kindSignature, type ArgType, type DataArgSpec, type KindSpec } from "../../ir/data/schema.js";
import type { Code } from "../../diagnostics/codes.js";
import type { Span } from "../../source/source.js";
import { DataError, type DataArg } from "./types.js";
import { DATA_ERRORS } from "./errors.js";
import { BracePatternError, expandBraces } from "../../ir/data/brace.js";

export type { ArgType, DataArgSpec, KindSpec };

/** Arguments after checking, with defaults filled in; typed getters trust the check. */
export class DataArgs {
  constructor(
    readonly kind: string,
    private readonly values: Record<string, DataArg>,
  ) {}

  number(name: string): number {
    return this.values[name] as number;
  }
  string(name: string): string {
    return this.values[name] as string;
  }
  bool(name: string): boolean {
    return this.values[name] as boolean;
  }
  strings(name: string): string[] {
    return (this.values[name] as string[] | undefined) ?? [];
  }
  optionalNumber(name: string): number | undefined {
    return this.values[name] as number | undefined;
  }
  optionalString(name: string): string | undefined {
    return this.values[name] as string | undefined;
  }
}

/** A request has no source text: every value "sits" at the start of a file nobody shows. */
const NOWHERE: Span = { start: 0, end: 0 };

function toArgValue(value: DataArg): ArgValue {
  if (Array.isArray(value)) return { kind: "list", items: (value as DataArg[]).map(toArgValue), span: NOWHERE };
  if (typeof value === "number") return { kind: "num", value, span: NOWHERE };
  if (typeof value === "string") return { kind: "str", value, span: NOWHERE };
  return { kind: "bool", value, span: NOWHERE };
}

/**
 * The binder's check codes become the data range's: a DataError is shown as "the data cannot
 * be read" at the data line, and its code says it came from the data layer, not the spec text.
 */
const RUNTIME_CODES: Partial<Record<Code, Code>> = {
  MM2002: DATA_ERRORS.unknownArg,
  MM2004: DATA_ERRORS.missingArg,
  MM2007: DATA_ERRORS.badArg,
  MM3015: DATA_ERRORS.badArg,
};

/** Throws the binder's first problem as a DataError, its notes joined into the message. */
const throwFirst: ArgReporter = {
  error(code, message, _span, _label, extra) {
    const text = [message, ...(extra.notes ?? [])].join("; ");
    throw new DataError(RUNTIME_CODES[code] ?? DATA_ERRORS.badArg, text, undefined, undefined, extra.help);
  },
};

/** Checks names, types and ranges; fills defaults. Throws DataError on the first problem. */
export function resolveArgs(kind: string, spec: KindSpec, given: Record<string, DataArg>): DataArgs {
  const call: ArgInput[] = Object.entries(given).map(([name, value]) => ({ name: { text: name, span: NOWHERE }, value: toArgValue(value), span: NOWHERE }));
  const bound = bindArgs(kindSignature(kind, spec), { name: kind, nameSpan: NOWHERE, span: NOWHERE, args: call }, throwFirst)!;
  const values: Record<string, DataArg> = {};
  for (const [name, a] of Object.entries(spec.args)) {
    if (!bound.has(name)) continue;
    const value = bound.get<DataArg>(name);
    if (a.type.t === "path" && a.type.braces) checkPattern(kind, name, value as string);
    values[name] = value;
  }
  return new DataArgs(kind, values);
}

function checkPattern(kind: string, name: string, pattern: string): void {
  try {
    expandBraces(pattern);
  } catch (e) {
    if (!(e instanceof BracePatternError)) throw e;
    throw new DataError(DATA_ERRORS.badShardPattern, `\`${name}\` of data ${kind}(...): ${e.message}`);
  }
}
