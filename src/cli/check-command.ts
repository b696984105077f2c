// `mmc check spec.mm`: diagnostics, then the shape summary; `--format json`, `--emit ir`.
import path from "node:path";
import { checkSpec, type CheckResult } from "../check/check.js";
import { renderSummary } from "../check/summary.js";
import { diagnosticToJson, renderAll } from "../diagnostics/render.js";
import { describeData } from "../runtime/data/index.js";
import type { SourceFile } from "../source/source.js";
import { makeImportLoader, readSpecFile, SpecReadError } from "./read-spec.js";
import { pretrainedProgram } from "../runtime/run/pretrained.js";
import { describeTfjsModel } from "../runtime/tfjs-model/describe.js";

export interface CheckFlags {
  format: "text" | "json";
  emit?: "ir" | "summary";
  data: boolean;
  color: boolean;
}

/** Reads and checks a spec; the source comes back too, so callers need not read the file again. */
export function checkFile(file: string, useData: boolean): CheckResult & { source: SourceFile } {
  const source = readSpecFile(file);
  const result = checkSpec(source, {
    loadImport: makeImportLoader(projectRootFor(file)),
    baseDir: path.dirname(file),
    loadPretrained: pretrainedProgram,
    loadTfjsModel: describeTfjsModel,
    displayPath: (p) => (path.isAbsolute(p) ? path.relative(process.cwd(), p) || "." : p),
    ...(useData ? { describeData: (req) => describeData({ ...req, seqLen: 1 }) } : {}),
  });
  return { ...result, source };
}

/** Imports stay inside the folder the user works in (or the spec's own, if that is outside it). */
export function projectRootFor(file: string): string {
  const abs = path.resolve(file);
  const cwd = process.cwd();
  return abs.startsWith(cwd + path.sep) ? cwd : path.dirname(abs);
}

export function runCheck(file: string, flags: CheckFlags): number {
  let result;
  try {
    result = checkFile(file, flags.data);
  } catch (e) {
    // Tools reading --format json get JSON even when the file cannot be read at all.
    if (flags.format === "json" && e instanceof SpecReadError) process.stdout.write(JSON.stringify({ file, ok: false, error: e.message, diagnostics: [] }, null, 2) + "\n");
    throw e;
  }
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  if (flags.format === "json") {
    const out = { file, ok: errors === 0, diagnostics: result.diagnostics.map(diagnosticToJson), ...(flags.emit === "ir" && result.ir ? { ir: result.ir } : {}) };
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
    return errors ? 1 : 0;
  }
  if (flags.emit === "ir") {
    if (result.diagnostics.length) process.stderr.write(renderAll(result.diagnostics, { color: flags.color }) + "\n");
    if (result.ir) process.stdout.write(JSON.stringify(result.ir, null, 2) + "\n");
    return errors ? 1 : 0;
  }
  if (result.diagnostics.length) {
    process.stderr.write(renderAll(result.diagnostics, { color: flags.color }) + "\n\n");
    const warnings = result.diagnostics.length - errors;
    process.stderr.write(`${file}: ${errors} error${errors === 1 ? "" : "s"}${warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""}\n`);
  }
  if (result.ir) process.stdout.write(renderSummary(result.ir));
  return errors ? 1 : 0;
}
