// Shared by the language tests: check a spec file the way `mmc check` does (imports, data-aware
// checks), with the case folder as the project root so every golden is hermetic.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkSpec, type CheckResult } from "../../src/check/check.js";
import { makeImportLoader, readSpecFile } from "../../src/cli/read-spec.js";
import { describeData } from "../../src/runtime/data/index.js";
import { pretrainedProgram } from "../../src/runtime/run/pretrained.js";
import { describeTfjsModel } from "../../src/runtime/tfjs-model/describe.js";

/** The repository root; the tests run with it as the working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const GOLDEN_DIR = path.join(ROOT, "test", "golden");
export const SPECS_DIR = path.join(ROOT, "specs");

/** Repository-relative path with forward slashes, as diagnostics show it. */
export function rel(abs: string): string {
  return path.relative(ROOT, abs).split(path.sep).join("/");
}

/** Checks `file` (a path relative to the repository root) with imports and the data layer. */
export function checkPath(file: string, opts: { data?: boolean } = {}): CheckResult {
  const source = readSpecFile(file);
  const dir = path.dirname(file);
  return checkSpec(source, {
    loadImport: makeImportLoader(dir),
    baseDir: dir,
    loadPretrained: pretrainedProgram,
    loadTfjsModel: describeTfjsModel,
    displayPath: (p) => (path.isAbsolute(p) ? path.relative(process.cwd(), p) || "." : p),
    ...(opts.data === false ? {} : { describeData: (req) => describeData({ ...req, seqLen: 1 }) }),
  });
}

export function goldenCases(): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((d) => statSync(path.join(GOLDEN_DIR, d)).isDirectory())
    .sort();
}

export function specFiles(): string[] {
  return readdirSync(SPECS_DIR)
    .filter((f) => f.endsWith(".mm"))
    .sort()
    .map((f) => rel(path.join(SPECS_DIR, f)));
}

/** Every spec in specs/ and every golden input, as repository-relative paths. */
export function allInputs(): string[] {
  // A generated case (see GENERATED in test/golden.test.ts) has no input.mm.
  const stored = goldenCases().filter((c) => existsSync(path.join(GOLDEN_DIR, c, "input.mm")));
  return [...specFiles(), ...stored.map((c) => `test/golden/${c}/input.mm`)];
}

export function readText(file: string): string {
  return readFileSync(path.join(ROOT, file), "utf8");
}
