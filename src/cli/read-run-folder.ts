// Reads the files of an existing run folder (for `mmc run --resume` and `mmc eval`): a
// missing or damaged file is bad input, reported in one line, not a stack trace.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fsReason, SpecReadError } from "./read-spec.js";

export function readRunText(dir: string, name: string): string {
  const file = path.join(dir, name);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new SpecReadError(`\`${dir}\` is not a complete run folder: cannot read ${file}: ${fsReason(e)}`, false);
  }
}

export function readRunJson<T>(dir: string, name: string): T {
  const file = path.join(dir, name);
  try {
    return JSON.parse(readRunText(dir, name)) as T;
  } catch (e) {
    if (e instanceof SpecReadError) throw e;
    throw new SpecReadError(`${file} is damaged: ${(e as Error).message.replace(/\s+/g, " ")}`, false);
  }
}

/** The run folder `--out` names must not exist yet, and must be creatable. */
export function checkNewRunFolder(out: string): void {
  if (existsSync(out)) throw new SpecReadError(`the run folder \`${out}\` already exists; choose another with --out`, true);
  let parent = path.dirname(path.resolve(out));
  while (!existsSync(parent)) parent = path.dirname(parent);
  if (!statSync(parent).isDirectory()) throw new SpecReadError(`cannot create the run folder \`${out}\`: ${parent} is a file`, true);
}
