// How a command's failure reaches the user: bad input (a spec that cannot be read, bad data)
// as one `mmc: error:` line and exit code 1 (2 for usage); anything else is a compiler bug
// and keeps its stack so it can be reported.
import path from "node:path";
import { SpecReadError } from "./read-spec.js";

/** Absolute paths inside the working folder, shown relative to it (as the checker does). */
export function relativePaths(text: string, cwd = process.cwd()): string {
  return text.replace(/(^|[\s("'`])(\/[^\s"'`()]+)/g, (all, pre: string, p: string) => {
    const rel = path.relative(cwd, p);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? pre + rel : all;
  });
}

interface DataErrorFields {
  code?: string;
  message: string;
  file?: string;
  line?: number;
  help?: string;
  rows?: { code: string; line: number; message: string }[];
  moreRows?: number;
}

/** A data file's bad rows, one `path:line: [code] what` line each, then how many more there are. */
function badRows(d: DataErrorFields): string {
  if (!d.rows?.length) return "";
  const file = d.file ? relativePaths(d.file) : "";
  const lines = d.rows.map((row) => `  ${file}:${row.line}: [${row.code}] ${relativePaths(row.message)}\n`);
  if (d.moreRows) lines.push(`  ... and ${d.moreRows} more bad row${d.moreRows === 1 ? "" : "s"}\n`);
  return lines.join("");
}

/** Writes the error to stderr and returns the exit code. */
export function reportCliError(e: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (e instanceof SpecReadError) {
    write(`mmc: error: ${e.message}\n`);
    return e.usage ? 2 : 1;
  }
  if ((e as { name?: string }).name === "UnknownCodeError") {
    const u = e as { message: string; help: string };
    write(`mmc: error: ${u.message}\n  help: ${u.help}\n`);
    return 1;
  }
  if ((e as { name?: string }).name === "BackendUnavailable" || (e as { name?: string }).name === "PretrainedError") {
    // A backend that cannot start here (src/backends/unavailable.ts), or a tower's `from` folder
    // that cannot be read (src/runtime/run/pretrained.ts): what is wrong, and how to fix it.
    const b = e as { message: string; help: string };
    write(`mmc: error: ${relativePaths(b.message)}\n  help: ${b.help}\n`);
    return 1;
  }
  if ((e as { name?: string }).name === "TorchEngineError") {
    // src/engine-torch/errors.ts: one line, then the end of torch.log where training failed.
    const t = e as { message: string; detail?: string };
    write(`mmc: error: ${t.message}\n${t.detail ? t.detail.replace(/^/gm, "  | ") + "\n" : ""}`);
    return 1;
  }
  if ((e as { name?: string }).name === "DataError") {
    const d = e as DataErrorFields;
    const where = d.file ? `${relativePaths(d.file)}${d.line ? `:${d.line}` : ""}: ` : "";
    write(`mmc: error${d.code ? `[${d.code}]` : ""}: ${where}${relativePaths(d.message)}\n${badRows(d)}${d.help ? `  help: ${d.help}\n` : ""}`);
    return 1;
  }
  write(`mmc: internal error (a compiler bug; please report it with the spec):\n${(e as Error).stack ?? e}\n`);
  return 70;
}
