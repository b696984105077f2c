// How a data kind declares its arguments: in mmc's one argument-schema language
// (src/common/arg-schema.ts), which the checker binds `data kind(...)` with and the runtime
// guards its requests with. Data arguments are always named, so they carry no `name` or
// `positional` of their own: the key in `args` is the name.
import type { ArgSpec, ArgType, Signature } from "../../common/arg-schema.js";

export type { ArgType };

export type DataArgSpec = Omit<ArgSpec, "name" | "positional">;

export interface KindSpec {
  doc: string;
  /** Items per swap group when the kind builds its sets from groups of hard negatives. */
  groupSize?: number;
  args: Record<string, DataArgSpec>;
}

/** The signature the binder checks a `data kind(...)` call or a runtime request against. */
export function kindSignature(kind: string, spec: KindSpec): Signature {
  return { name: kind, args: Object.entries(spec.args).map(([name, a]) => ({ name, ...a })) };
}
