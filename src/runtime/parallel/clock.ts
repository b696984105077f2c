// The calling thread's CPU time, for balancing the split: on a shared machine a phase's wall
// time mostly says how long the thread waited for a core, its CPU time what it computed.
import { readFileSync } from "node:fs";

function schedstatMs(): number {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  } catch {
    return NaN; // a time the balancer skips
  }
}

/** Linux: the thread's time on a CPU (ns in /proc/thread-self/schedstat), in ms; elsewhere wall time. */
export function threadClock(): () => number {
  // Not Linux (or no /proc): wall time, which equals CPU time on idle cores.
  return Number.isFinite(schedstatMs()) ? schedstatMs : () => performance.now();
}
