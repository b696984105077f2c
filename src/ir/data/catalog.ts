// The checker's view of the data kinds (names, argument types, defaults, required ones).
// Derived from kinds.ts so the checker and the runtime can never disagree on a default:
// the checker fills defaults in before it asks the runtime, so a second copy would win.
// No Node imports here, so the playground can use it too.
import { DATA_KINDS } from "./kinds.js";
import type { ArgType, DataArgSpec, KindSpec } from "./schema.js";

export type DataArgType = ArgType;
export type { DataArgSpec };
export type DataKindSpec = KindSpec;

export const DATA_CATALOG: Record<string, DataKindSpec> = DATA_KINDS;

/** Arguments each kind cannot do without (e.g. the manifests of `files`). */
export const REQUIRED_DATA_ARGS: Record<string, string[]> = Object.fromEntries(
  Object.entries(DATA_KINDS).map(([kind, spec]) => [kind, Object.keys(spec.args).filter((name) => spec.args[name]!.required)]),
);
