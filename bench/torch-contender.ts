// PyTorch CPU as a benchmark contender: bench/torch_seed.py runs as a child process that
// trains the seed model when asked, so its steps interleave with ours in one run.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import { packageRoot } from "../src/cli/package-root.js";
import type { Contender, StepTime } from "./interleave.js";
import { busiestThreadMs, threadCpuMs } from "./thread-cpu.js";

const PYTHON = "/usr/bin/python3";

/** Why PyTorch cannot run here, or undefined when it can. */
export function torchUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.error) return `${PYTHON} not found`;
  if (probe.status !== 0) return `${PYTHON} cannot import torch (install Debian's python3-torch: apt-get install python3-torch)`;
  return undefined;
}

export class TorchContender implements Contender {
  private lines: AsyncIterator<string>;
  private constructor(
    readonly name: string,
    private script: string,
    private child: ChildProcessWithoutNullStreams,
    reader: Interface,
    readonly version: string,
    readonly threads: number,
    private cleanup: () => void,
  ) {
    this.lines = reader[Symbol.asyncIterator]();
  }

  /** The hand-written seed model (bench/torch_seed.py). */
  static start(name: string, threads: number, batch: number): Promise<TorchContender> {
    return TorchContender.spawn(name, "torch_seed.py", [String(threads), String(batch)]);
  }

  /**
   * A script in bench/ that speaks torch_protocol.py's line protocol; `cleanup` runs once it
   * has exited (a temporary folder it read).
   */
  static async spawn(name: string, script: string, args: string[], cleanup: () => void = () => {}): Promise<TorchContender> {
    const child = spawn(PYTHON, [path.join(packageRoot(), "bench", script), ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const reader = createInterface({ input: child.stdout });
    const first = await reader[Symbol.asyncIterator]().next();
    if (first.done) {
      cleanup();
      throw new Error(`${script} exited before it was ready: ${stderr.trim().split("\n").pop()}`);
    }
    const hello = JSON.parse(first.value) as { torch: string; threads: number };
    return new TorchContender(name, script, child, reader, hello.torch, hello.threads, cleanup);
  }

  private async ask(line: string): Promise<unknown> {
    this.child.stdin.write(line + "\n");
    const next = await this.lines.next();
    if (next.done) throw new Error(`${this.script} exited`);
    return JSON.parse(next.value);
  }

  async run(steps: number): Promise<StepTime[]> {
    const before = threadCpuMs(this.child.pid!);
    const times = (await this.ask(String(steps))) as StepTime[];
    // Per thread only the sum over the steps is known: spread it evenly.
    const busiest = busiestThreadMs(before, threadCpuMs(this.child.pid!));
    return busiest === undefined ? times : times.map((t) => ({ ...t, busiestMs: busiest / steps }));
  }

  /** GFLOP/s of a 2048^3 float32 matmul through PyTorch's BLAS (the native peak we can reach). */
  async peakGflops(): Promise<number> {
    return ((await this.ask("peak")) as { peak_gflops: number }).peak_gflops;
  }

  /** Ends the script (EOF on its stdin) and waits for it to exit. */
  async stop(): Promise<void> {
    const exited = this.child.exitCode !== null || this.child.signalCode !== null;
    const done = exited ? Promise.resolve() : new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    await done;
    this.cleanup();
  }
}
