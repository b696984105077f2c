// Arguments of `data kind(...)`: their declared types, and checking a request against them.
// The language checker reports these too (with spans); this is the runtime's own guard.
import type { ArgSpec, ArgType, KindSpec } from "../../ir/data/schema.js";
import { DataError, type DataArg } from "./types.js";

export type { ArgSpec, ArgType, KindSpec };
import { didYouMean } from "../../diagnostics/suggest.js";
import { DATA_ERRORS } from "./errors.js";
import { BracePatternError, expandBraces } from "../../ir/data/brace.js";


function typeName(value: DataArg): string {
  if (Array.isArray(value)) return value.every((v) => typeof v === "string") ? "strings" : "numbers";
  return typeof value === "boolean" ? "bool" : typeof value;
}

function hasType(value: DataArg, type: ArgType): boolean {
  switch (type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "bool":
      return typeof value === "boolean";
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
  }
}

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

function checkValue(kind: string, name: string, spec: ArgSpec, value: DataArg): void {
  const where = `\`${name}\` of data ${kind}(...)`;
  if (!hasType(value, spec.type)) {
    throw new DataError(DATA_ERRORS.badArg, `${where} must be a ${spec.type}, got ${typeName(value)} ${JSON.stringify(value)}`);
  }
  if (typeof value === "number") {
    if (spec.integer && !Number.isInteger(value)) {
      throw new DataError(DATA_ERRORS.badArg, `${where} must be a whole number, got ${value}`);
    }
    if (spec.min !== undefined && value < spec.min) {
      throw new DataError(DATA_ERRORS.badArg, `${where} must be at least ${spec.min}, got ${value}`);
    }
  }
  if (typeof value === "string" && spec.braces) {
    try {
      expandBraces(value);
    } catch (e) {
      if (!(e instanceof BracePatternError)) throw e;
      throw new DataError(DATA_ERRORS.badShardPattern, `${where}: ${e.message}`);
    }
  }
  if (typeof value === "string" && spec.choices && !spec.choices.includes(value)) {
    throw new DataError(
      DATA_ERRORS.badArg,
      `${where} must be one of ${spec.choices.map((c) => `"${c}"`).join(", ")}, got "${value}"`,
      undefined,
      undefined,
      didYouMean(value, spec.choices),
    );
  }
}

/** Checks names, types and ranges; fills defaults. Throws DataError on the first problem. */
export function resolveArgs(kind: string, spec: KindSpec, given: Record<string, DataArg>): DataArgs {
  const values: Record<string, DataArg> = {};
  for (const [name, value] of Object.entries(given)) {
    const argSpec = spec.args[name];
    if (!argSpec) {
      const known = Object.keys(spec.args);
      throw new DataError(
        DATA_ERRORS.unknownArg,
        `data ${kind}(...) has no argument \`${name}\`; it takes ${known.map((k) => `\`${k}\``).join(", ")}`,
        undefined,
        undefined,
        didYouMean(name, known),
      );
    }
    checkValue(kind, name, argSpec, value);
    values[name] = value;
  }
  for (const [name, argSpec] of Object.entries(spec.args)) {
    if (name in values) continue;
    if (argSpec.required) {
      throw new DataError(DATA_ERRORS.missingArg, `data ${kind}(...) needs the argument \`${name}\`: ${argSpec.doc}`);
    }
    if (argSpec.default !== undefined) values[name] = argSpec.default;
  }
  return new DataArgs(kind, values);
}
