// Interleaved timing on a noisy, shared machine: every round runs each contender for a
// few steps (rotating who goes first), so a slow spell hits all of them alike; a ratio is
// taken round by round and the median of those ratios is reported.

export interface Contender {
  name: string;
  /** Runs `steps` training steps; returns each step's wall time in ms. */
  run(steps: number): Promise<number[]> | number[];
}

export interface InterleaveOptions {
  rounds: number;
  stepsPerRound: number;
  /** Untimed steps per contender before the first round (JIT, kernel caches, allocation). */
  warmup: number;
  onRound?: (round: number, medians: Map<string, number>) => void;
}

export interface Timings {
  /** Per contender: the median step time of each round, in ms. */
  rounds: Map<string, number[]>;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function interleave(contenders: readonly Contender[], opts: InterleaveOptions): Promise<Timings> {
  for (const c of contenders) if (opts.warmup > 0) await c.run(opts.warmup);
  const rounds = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < opts.rounds; r++) {
    const medians = new Map<string, number>();
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(i + r) % contenders.length]!;
      const m = median(await c.run(opts.stepsPerRound));
      rounds.get(c.name)!.push(m);
      medians.set(c.name, m);
    }
    opts.onRound?.(r, medians);
  }
  return { rounds };
}

/** Median step time of a contender over all rounds (ms). */
export function medianMs(t: Timings, name: string): number {
  return median(t.rounds.get(name) ?? []);
}

/** Median over rounds of time(a) / time(b), with the spread (min, max) of the per-round ratios. */
export function timeRatio(t: Timings, a: string, b: string): { median: number; min: number; max: number } {
  const xa = t.rounds.get(a) ?? [];
  const xb = t.rounds.get(b) ?? [];
  const r = xa.map((x, i) => x / xb[i]!).filter((x) => Number.isFinite(x));
  return { median: median(r), min: Math.min(...r), max: Math.max(...r) };
}
