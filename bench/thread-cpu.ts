// CPU time per OS thread of a process, from Linux's /proc/<pid>/task/*/stat (in 10 ms
// ticks). On a shared machine a two-thread step's wall time says little about what it
// would take on two idle cores; its busiest thread's CPU time is that estimate.
import { readdirSync, readFileSync } from "node:fs";

/** CPU ms by thread id, or undefined where /proc is missing (not Linux). */
export function threadCpuMs(pid: number | "self" = "self"): Map<string, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const out = new Map<string, number>();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start at the state, field 3.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, ticks of 10 ms
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

/** CPU ms the busiest thread spent between two snapshots. */
export function busiestThreadMs(before: Map<string, number> | undefined, after: Map<string, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let most = 0;
  for (const [tid, ms] of after) most = Math.max(most, ms - (before.get(tid) ?? 0));
  return most;
}
