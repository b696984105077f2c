// `data kind(...)`: the data set's name and arguments, checked against the catalogue, and
// (when the caller can read data) what the data holds, so later checks can compare.
import type * as A from "../ast/nodes.js";
import { bindArgs } from "../common/arg-schema.js";
import type { IRData } from "../ir/ir.js";
import { DATA_CATALOG } from "../ir/data/catalog.js";
import { kindSignature } from "../ir/data/schema.js";
import { BracePatternError, expandBraces } from "../ir/data/brace.js";
import type { DataInfo, DataRequest } from "../ir/data/types.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import { evaluate, type EvalError } from "./values.js";
import { reportEvalErrors, toCallLike } from "./towers.js";
import { isCode } from "../diagnostics/codes.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";

export const MAX_ITEMS = 1_000_000;

export type DescribeData = (req: Omit<DataRequest, "seqLen">) => DataInfo;

export function checkData(decl: A.DataDecl, bag: DiagnosticBag): IRData | undefined {
  const kind = decl.call.callee.text;
  const spec = Object.hasOwn(DATA_CATALOG, kind) ? DATA_CATALOG[kind] : undefined;
  if (!spec) {
    const kinds = Object.keys(DATA_CATALOG);
    bag.error("MM2010", `there is no data set named \`${kind}\``, decl.call.callee.span, "unknown data set", {
      notes: [`data sets: ${kinds.join(", ")}`],
      ...suggestionHelp(kind, kinds),
    });
    return undefined;
  }
  const errors: EvalError[] = [];
  const v = evaluate(decl.call, new Map(), errors);
  reportEvalErrors(bag, errors);
  if (!v || v.kind !== "call") return undefined;
  const sig = kindSignature(kind, spec);
  const bound = bindArgs(sig, toCallLike(v), bag);
  if (!bound) return undefined;
  // Generated sets live in memory (and describing one generates its captions): bound their size.
  for (const name of ["train", "test"]) {
    const n = bound.get<unknown>(name);
    if (typeof n === "number" && n > MAX_ITEMS) {
      bag.error("MM3015", `\`${name}\` of \`${kind}\` may be at most ${MAX_ITEMS.toLocaleString("en-US")} items, not ${n}`, bound.span(name), "too many", {
        notes: ["a data set is held in memory while training: a million 32x32 images take 12 GB"],
      });
      return undefined;
    }
  }
  // Shard patterns are checked here, so a typo points at its argument rather than at a missing file.
  for (const [name, a] of Object.entries(spec.args)) {
    const pattern = bound.has(name) ? bound.get<unknown>(name) : undefined;
    if (a.type.t !== "path" || !a.type.braces || typeof pattern !== "string") continue;
    try {
      expandBraces(pattern);
    } catch (e) {
      if (!(e instanceof BracePatternError)) throw e;
      bag.error("MM5021", e.message, bound.span(name), "bad shard pattern", { help: 'write a range such as "train-{0000..0007}.tar" or a list such as "{a,b}.tar"' });
      return undefined;
    }
  }
  const args: Record<string, unknown> = {};
  for (const s of sig.args) if (bound.has(s.name)) args[s.name] = bound.get<unknown>(s.name);
  return { kind, args, ...(spec.groupSize !== undefined ? { groupSize: spec.groupSize } : {}), span: decl.span };
}

/** Asks the data layer what it holds; its errors are reported with their own code at the data line. */
export function describe(data: IRData, describeData: DescribeData, baseDir: string, bag: DiagnosticBag, displayPath: (p: string) => string = (p) => p): DataInfo | undefined {
  try {
    return describeData({ kind: data.kind, args: data.args as DataRequest["args"], baseDir });
  } catch (e) {
    const err = e as {
      name?: string; code?: string; message?: string; file?: string; line?: number; help?: string;
      rows?: { code: string; line: number; message: string }[]; moreRows?: number;
    };
    if (err.name !== "DataError") throw e;
    // Absolute paths in the data layer's words are shown as the caller likes (relative to the working folder).
    const paths = (s: string) => s.replace(/(^|[\s("'`])(\/[^\s"'`()]+)/g, (_, pre: string, p: string) => pre + displayPath(p));
    const where = err.file ? `${paths(err.file)}${err.line ? `:${err.line}` : ""}` : undefined;
    // A file with several bad rows: one note per listed row (`at path:line`), then the count of the rest.
    const rowNotes = (err.rows ?? []).map((row) => `at ${paths(err.file ?? "")}:${row.line} [${row.code}]: ${paths(row.message)}`);
    if (err.moreRows) rowNotes.push(`and ${err.moreRows} more bad row${err.moreRows === 1 ? "" : "s"}`);
    const notes = rowNotes.length ? rowNotes : where ? [`at ${where}`] : [];
    bag.error(err.code && isCode(err.code) ? err.code : "MM4007", `the data cannot be read: ${paths(err.message ?? "")}`, data.span, "this data set", {
      ...(notes.length ? { notes } : {}),
      ...(err.help ? { help: err.help } : {}),
    });
    return undefined;
  }
}
