// Starting Python modules as ranks of a distributed run: with an exported package's launch.py
// (torchrun --standalone's job, which torch 1.13's torchrun fails at under Python 3.11), or
// with torchrun itself where it starts at all.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { PYTHON } from "./harness.js";

export const TORCHRUN = "/usr/bin/torchrun";

/** `python -m module args` as `nproc` ranks, through `pkg`'s launch.py. */
export function launchRanks(pkg: string, module: string, nproc: number, args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const code = `import sys\nfrom ${pkg}.launch import launch\nsys.exit(launch(${JSON.stringify(module)}, ${nproc}, sys.argv[1:]))`;
  return spawnSync(PYTHON, ["-c", code, ...args], { env, encoding: "utf8", timeout: 90_000 });
}

let works: boolean | undefined;

/** Whether torchrun starts a rank here (it does not with torch 1.13 under Python 3.11). */
export function torchrunWorks(): boolean {
  works ??= spawnSync(TORCHRUN, ["--standalone", "--nproc_per_node", "1", "-m", "platform"], { stdio: "ignore", timeout: 60_000 }).status === 0;
  return works;
}
