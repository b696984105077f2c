// Starts the package's ranks in their own process group (`python -m mmc_model.distributed
// --nproc N`, whose launcher sets each rank's environment as torchrun --standalone would:
// Debian's torch 1.13 torchrun fails at start under Python 3.11), reads rank 0's progress lines
// from stdout and keeps everything else (stderr of every rank, stray stdout) in torch.log.
// Ctrl-C is forwarded to the whole group as SIGINT: every rank finishes its step and saves.
import { spawn } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { TorchSetup } from "./find-torch.js";
import { parseProgressLine, type TorchProgress } from "./progress-lines.js";
import type { TorchDevice } from "./validate.js";

export interface LaunchOptions {
  setup: TorchSetup;
  nproc: number;
  device: TorchDevice;
  shards: string;
  out: string;
  steps: number;
  /** A torch-out folder holding checkpoint.pt to continue from. */
  resume?: string;
  checkpointEvery?: number;
  /** Rank 0 writes the weights every this many steps for an evaluation. */
  evalEvery?: number;
  /** Folders put first on PYTHONPATH (the one holding the mmc_model package). */
  pythonPath: string[];
  /** The module every rank runs. */
  module: string;
  /** Where stderr and non-progress stdout go. */
  log: string;
  onProgress: (p: TorchProgress) => void;
}

export interface LaunchOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of torch.log, for an error message. */
  logTail: string;
}

export interface Launched {
  done: Promise<LaunchOutcome>;
  /** Asks every process to stop after its current step (SIGINT to the group). */
  interrupt(): void;
}

const TAIL_LINES = 20;

/** The interpreter's arguments: the module, how many ranks it starts, and the run's settings. */
export function distributedArgs(o: Omit<LaunchOptions, "onProgress" | "log" | "pythonPath" | "setup">): string[] {
  return [
    "-m", o.module, "--nproc", String(o.nproc),
    "--shards", o.shards, "--out", o.out, "--steps", String(o.steps), "--device", o.device,
    ...(o.resume ? ["--resume", o.resume] : []),
    ...(o.checkpointEvery ? ["--checkpoint-every", String(o.checkpointEvery)] : []),
    ...(o.evalEvery ? ["--eval-every", String(o.evalEvery)] : []),
  ];
}

export function launchRanks(o: LaunchOptions): Launched {
  const command = o.setup.python;
  const prefix: string[] = [];
  const env = {
    ...process.env,
    PYTHONPATH: [...o.pythonPath, ...(process.env["PYTHONPATH"] ? [process.env["PYTHONPATH"]] : [])].join(path.delimiter),
    // The cores shared out: N processes each running all-core kernels would thrash.
    OMP_NUM_THREADS: String(Math.max(1, Math.floor(availableParallelism() / o.nproc))),
    PYTHONUNBUFFERED: "1",
  };
  writeFileSync(o.log, `$ ${[command!, ...prefix, ...distributedArgs(o)].join(" ")}\n`);
  const child = spawn(command!, [...prefix, ...distributedArgs(o)], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const log = (line: string) => {
    appendFileSync(o.log, line + "\n");
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  const group = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // mmc exiting (a second Ctrl-C abandons the run) takes the training processes with it.
  const killOnExit = () => group("SIGKILL");
  process.on("exit", killOnExit);
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const p = parseProgressLine(line);
    if (p) o.onProgress(p);
    else log(line);
  });
  createInterface({ input: child.stderr! }).on("line", log);
  const done = new Promise<LaunchOutcome>((resolve) => {
    child.on("error", (e) => log(`mmc: could not start ${command}: ${e.message}`));
    child.on("close", (code, signal) => {
      process.off("exit", killOnExit);
      resolve({ code, signal, logTail: tail.join("\n") });
    });
  });
  return { done, interrupt: () => group("SIGINT") };
}
