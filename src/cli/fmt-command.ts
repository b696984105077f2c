// `mmc fmt`: prints the canonical form; `--write` rewrites files, `--check` fails on any
// file that is not canonical (for CI). Files with syntax errors are left alone.
import { writeFileSync } from "node:fs";
import { parseSpec } from "../ast/parse.js";
import { printSpec } from "../ast/print.js";
import { renderAll } from "../diagnostics/render.js";
import { fsReason, readSpecFile, SpecReadError } from "./read-spec.js";

export function runFmt(files: string[], flags: { check: boolean; write: boolean; color: boolean }): number {
  let status = 0;
  for (const file of files) {
    const source = readSpecFile(file);
    if (source.text.trim() === "") throw new SpecReadError(`\`${file}\` is empty: nothing to format (a spec starts with \`model name\`)`, false);
    const parsed = parseSpec(source);
    if (parsed.diagnostics.length) {
      process.stderr.write(renderAll(parsed.diagnostics, { color: flags.color }) + "\n\n");
      process.stderr.write(`${file}: not formatted: fix the syntax errors first\n`);
      status = 1;
      continue;
    }
    const formatted = printSpec(parsed.ast, source.text);
    if (flags.check) {
      if (formatted !== source.text) {
        process.stderr.write(`${file}: not formatted (run \`mmc fmt --write ${file}\`)\n`);
        status = 1;
      }
    } else if (flags.write) {
      if (formatted !== source.text) {
        try {
          writeFileSync(file, formatted);
        } catch (e) {
          throw new SpecReadError(`cannot write \`${file}\`: ${fsReason(e)}`, false);
        }
      }
    } else {
      process.stdout.write(formatted);
    }
  }
  return status;
}
