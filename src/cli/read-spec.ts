// Reads a spec (or an imported file) from disk, turning every way that can fail into one
// clear line: missing, a directory, too large, binary, not UTF-8.
import { existsSync, readFileSync, statSync, realpathSync } from "node:fs";
import path from "node:path";
import { MAX_SPEC_CHARS } from "../source/limits.js";
import { SourceFile } from "../source/source.js";
import { packageRoot } from "./package-root.js";

/** The checker's limit (MM1006), checked on the file's size before reading it. */
export const MAX_SPEC_BYTES = MAX_SPEC_CHARS;

export class SpecReadError extends Error {
  constructor(message: string, readonly usage: boolean) {
    super(message);
  }
}

export function readSpecFile(file: string): SourceFile {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new SpecReadError(`cannot read \`${file}\`: ${fsReason(e)}`, true);
  }
  if (st.isDirectory()) throw new SpecReadError(`\`${file}\` is a directory; give a .mm file, such as ${path.join(file, "simple.mm")}`, true);
  if (!st.isFile()) throw new SpecReadError(`\`${file}\` is not a regular file`, true);
  if (st.size > MAX_SPEC_BYTES) throw new SpecReadError(`\`${file}\` is ${(st.size / (1 << 20)).toFixed(1)} MiB; a spec may be at most ${MAX_SPEC_BYTES / (1 << 20)} MiB`, false);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SpecReadError(`cannot read \`${file}\`: ${fsReason(e)}`, false);
  }
  if (bytes.includes(0)) throw new SpecReadError(`\`${file}\` is a binary file, not a .mm spec`, false);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SpecReadError(`\`${file}\` is not valid UTF-8 text`, false);
  }
  return new SourceFile(file, text.replace(/^\uFEFF/, ""), realPathOr(file));
}

/** The real path (links resolved), so `./a.mm` and `a.mm` are one file for imports. */
function realPathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** A file system error in a few words (the code, not Node's stack-laden message). */
export function fsReason(e: unknown): string {
  const code = (e as { code?: string }).code;
  const reasons: Record<string, string> = {
    ENOENT: "no such file",
    ENOTDIR: "a folder on its path is a file",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "it is a directory",
    ENAMETOOLONG: "the name is too long",
    ELOOP: "too many symbolic links",
    ENOSPC: "the disk is full",
    EROFS: "the file system is read-only",
  };
  return (code && reasons[code]) ?? code ?? String((e as Error).message ?? e).split("\n")[0]!;
}

/** Import resolution: `std/...` from mmc's standard library, else relative to the importing file, never outside the project root. */
export function makeImportLoader(projectRoot: string) {
  // An editor's unsaved buffer may name a folder that does not exist (yet): its imports then resolve against the plain path.
  const root = existsSync(projectRoot) ? realpathSync(projectRoot) : path.resolve(projectRoot);
  return (spec: string, from: SourceFile): SourceFile | string => {
    const isStd = spec.startsWith("std/");
    const target = isStd ? path.join(packageRoot(), "std", spec.slice(4)) : path.resolve(path.dirname(from.path), spec);
    let real: string;
    try {
      real = realpathSync(target);
    } catch {
      return `no such file ${path.relative(process.cwd(), target) || target}`;
    }
    if (!isStd && real !== root && !real.startsWith(root + path.sep)) return `it is outside the project folder \`${path.relative(process.cwd(), root) || "."}\``;
    try {
      return readSpecFile(path.relative(process.cwd(), real) || real);
    } catch (e) {
      return (e as Error).message;
    }
  };
}
