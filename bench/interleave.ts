// Interleaved timing on a noisy, shared machine: every round runs each contender for a
// few steps, so a slow spell hits all of them alike. The order changes every round (rotated
// every other round, reversed in between) so that no contender always follows the same one:
// a process that has just held the cores leaves the next one cold caches and, for PyTorch,
// threads still spinning (measured: the PyTorch contender run second was 15-20% slower, whichever
// it was). Each turn's first steps (leadIn) are untimed for the same reason. A ratio is
// taken round by round and the median of those ratios is reported. Besides wall time each
// step reports the CPU time its process spent (all its threads): on a shared machine that
// is barely touched by waiting for a core, so its ratios are the steadier ones.

export interface StepTime {
  wallMs: number;
  cpuMs: number;
  /** CPU time of the contender's busiest thread (Linux only): its time on idle cores. */
  busiestMs?: number;
}

export type Clock = "wall" | "cpu" | "busiest";

export interface Contender {
  name: string;
  /** Runs `steps` training steps; returns each step's times. */
  run(steps: number): Promise<StepTime[]> | StepTime[];
}

/** This process's CPU time in ms, all threads together. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface InterleaveOptions {
  rounds: number;
  stepsPerRound: number;
  /** Untimed steps per contender before the first round (JIT, kernel caches, allocation). */
  warmup: number;
  /** Untimed steps at the start of every turn, after another contender held the cores. */
  leadIn?: number;
  /** Called after each round with each contender's median wall time in it. */
  onRound?: (round: number, medians: Map<string, number>) => void;
}

export interface Timings {
  /** Per clock, per contender: the median step time of each round, in ms. */
  rounds: Record<Clock, Map<string, number[]>>;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function interleave(contenders: readonly Contender[], opts: InterleaveOptions): Promise<Timings> {
  for (const c of contenders) if (opts.warmup > 0) await c.run(opts.warmup);
  const rounds: Timings["rounds"] = { wall: new Map(), cpu: new Map(), busiest: new Map() };
  for (const c of contenders) for (const clock of ["wall", "cpu", "busiest"] as const) rounds[clock].set(c.name, []);
  for (let r = 0; r < opts.rounds; r++) {
    const medians = new Map<string, number>();
    const lead = opts.leadIn ?? 0;
    for (const c of roundOrder(contenders, r)) {
      const steps = (await c.run(opts.stepsPerRound + lead)).slice(lead);
      const wall = median(steps.map((s) => s.wallMs));
      rounds.wall.get(c.name)!.push(wall);
      rounds.cpu.get(c.name)!.push(median(steps.map((s) => s.cpuMs)));
      const busiest = steps.flatMap((s) => (s.busiestMs === undefined ? [] : [s.busiestMs]));
      if (busiest.length) rounds.busiest.get(c.name)!.push(median(busiest));
      medians.set(c.name, wall);
    }
    opts.onRound?.(r, medians);
  }
  return { rounds };
}

/** Round r's order: rotated by floor(r / 2), and reversed in odd rounds. */
export function roundOrder<T>(contenders: readonly T[], r: number): T[] {
  const n = contenders.length;
  const rotated = contenders.map((_, i) => contenders[(i + Math.floor(r / 2)) % n]!);
  return r % 2 ? rotated.reverse() : rotated;
}

/** Median step time of a contender over all rounds (ms). */
export function medianMs(t: Timings, name: string, clock: Clock = "wall"): number {
  return median(t.rounds[clock].get(name) ?? []);
}

/** Median over rounds of time(a) / time(b), with the spread (min, max) of the per-round ratios. */
export function timeRatio(t: Timings, a: string, b: string, clock: Clock = "wall"): { median: number; min: number; max: number } {
  const xa = t.rounds[clock].get(a) ?? [];
  const xb = t.rounds[clock].get(b) ?? [];
  const r = xa.map((x, i) => x / xb[i]!).filter((x) => Number.isFinite(x));
  return { median: median(r), min: Math.min(...r), max: Math.max(...r) };
}
