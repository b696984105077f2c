// Runs the built CLI (`node bin/mmc.js`, as a user would) and collects its output. `npm test`
// builds dist/ before vitest starts.
import { execFile, type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const MMC = path.join(ROOT, "bin", "mmc.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** No colours, no TTY: the output is what a script or CI log sees. */
const env = { ...process.env, NO_COLOR: "1" };

export function runCli(args: string[], cwd = ROOT, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MMC, ...args], { cwd, env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({ code: e ? (typeof e.code === "number" ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

/** Runs many CLI calls, a few at a time (the machine may have 2 cores). */
export async function runAll<K extends string>(calls: Record<K, { args: string[]; cwd?: string }>, parallel = 3): Promise<Record<K, CliResult>> {
  const entries = Object.entries(calls) as [K, { args: string[]; cwd?: string }][];
  const results = {} as Record<K, CliResult>;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [key, call] = entries[next++]!;
      results[key] = await runCli(call.args, call.cwd);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** A started CLI process (for tests that signal it); only this exact child is ever signalled. */
export function startCli(args: string[], cwd: string): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [MMC, ...args], { cwd, env, detached: false, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** A Node stack frame ("    at fn (file.js:12:5)"): bad input must never show one. */
const STACK_FRAME = /^\s+at .*(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

export function hasStackTrace(r: CliResult): boolean {
  return STACK_FRAME.test(r.stdout) || STACK_FRAME.test(r.stderr) || /internal error/.test(r.stderr);
}

/** Lines with text in them. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}
