// How a data kind declares its arguments: the schema the checker checks `data kind(...)`
// against and the runtime guards its requests with. Pure types, shared by both.
import type { DataArg } from "./types.js";

export type ArgType = "number" | "string" | "bool" | "strings";

export interface ArgSpec {
  type: ArgType;
  /** Used when the spec leaves the argument out; absent means "no value" (or required). */
  default?: DataArg;
  required?: boolean;
  /** For numbers: must be a whole number. */
  integer?: boolean;
  /** For numbers: smallest allowed value. */
  min?: number;
  /** For strings: the allowed values. */
  choices?: readonly string[];
  /** For strings: a brace pattern of file names, such as "train-{0000..0007}.tar" (see brace.ts). */
  braces?: boolean;
  doc: string;
}

export interface KindSpec {
  doc: string;
  /** Items per swap group when the kind builds its sets from groups of hard negatives. */
  groupSize?: number;
  args: Record<string, ArgSpec>;
}
