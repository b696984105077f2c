// A run folder is built under a hidden `.NAME.partial` folder and renamed into place only
// when it is complete (or cleanly interrupted), so no half-written run folder is ever left
// under its real name. Every file inside is written atomically too (temp file + rename).
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export function writeAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export function writeJson(file: string, value: unknown): void {
  writeAtomic(file, JSON.stringify(value, null, 2) + "\n");
}

/** Where a run folder is built (or resumed) before it is moved into place. */
export function partialPathOf(final: string): string {
  return path.join(path.dirname(final), `.${path.basename(final)}.partial`);
}

export class RunFolder {
  readonly partial: string;

  private constructor(readonly final: string, partial: string) {
    this.partial = partial;
  }

  /** A new folder runs/<model>-<time> (or `out`), which must not exist yet. */
  static create(final: string): RunFolder {
    if (existsSync(final)) throw new Error(`the run folder ${final} already exists; choose another with --out`);
    const partial = partialPathOf(final);
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    return new RunFolder(final, partial);
  }

  /** Continue an existing run: work on a copy, swap it in at the end. */
  static resume(existing: string, copy: (from: string, to: string) => void): RunFolder {
    const partial = partialPathOf(existing);
    rmSync(partial, { recursive: true, force: true });
    copy(existing, partial);
    return new RunFolder(existing, partial);
  }

  file(name: string): string {
    return path.join(this.partial, name);
  }

  append(name: string, line: unknown): void {
    appendFileSync(this.file(name), JSON.stringify(line) + "\n");
  }

  /** Moves the finished folder into place (replacing the old one when resuming). */
  finish(): void {
    if (existsSync(this.final)) {
      const old = `${this.partial}.old`;
      renameSync(this.final, old);
      renameSync(this.partial, this.final);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(this.partial, this.final);
    }
  }

  abort(): void {
    rmSync(this.partial, { recursive: true, force: true });
  }
}

export function defaultRunName(model: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${model}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}
