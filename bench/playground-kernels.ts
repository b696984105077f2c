// Training speed of the playground with our wasm kernels and with stock tfjs-wasm's, in the same
// Chromium and the same run: fresh pages of specs/simple.mm, `?kernels=stock` or not, in
// interleaved rounds (ours, stock, ours, stock, ...) so that a change in the machine's load
// falls on both. Each page trains past a warm-up, then the trainer's own clock (pauses left
// out) times a fixed stretch of steps, less the steps that follow an evaluation.
import { loadavg } from "node:os";
import type { Playground } from "./playground-browser.js";

type Choice = "ours" | "stock";

interface PageRun {
  stepsPerSec: number;
  kernels: string;
  backend: string;
}

interface History {
  state: string;
  backend?: string;
  kernels?: string;
  losses: { step: number; elapsed: number }[];
  evals: { step: number }[];
  failure?: { kind: string; message: string };
}

async function trainOnce(pg: Playground, choice: Choice, round: number, warmup: number, steps: number): Promise<PageRun> {
  const page = await pg.context.newPage();
  try {
    const query = choice === "stock" ? `kernels=stock&round=${round}` : `round=${round}`;
    await page.goto(`${pg.url}?${query}#example=simple`);
    const last = warmup + steps;
    await page.waitForFunction(
      (n) => {
        const h = (window as unknown as { __mmc?: { training: { history: History } } }).__mmc?.training.history;
        return h !== undefined && (h.state === "failed" || h.losses.some((p) => p.step >= n));
      },
      last,
      { timeout: 600_000, polling: 100 },
    );
    const h = await page.evaluate(() => (window as unknown as { __mmc: { training: { history: History } } }).__mmc.training.history);
    if (h.state === "failed") throw new Error(`specs/simple.mm failed to train with ${choice} kernels: ${h.failure?.kind}: ${h.failure?.message}`);
    // Per-step times on the trainer's clock; a step right after an evaluation carries the
    // evaluation's time too, so it is left out.
    const at = new Map(h.losses.map((p) => [p.step, p.elapsed]));
    const evaluated = new Set(h.evals.map((e) => e.step));
    let seconds = 0;
    let timed = 0;
    for (let step = warmup + 1; step <= last; step++) {
      const before = at.get(step - 1);
      const after = at.get(step);
      if (before === undefined || after === undefined) throw new Error(`the page reported no step ${before === undefined ? step - 1 : step}`);
      if (evaluated.has(step - 1)) continue;
      seconds += after - before;
      timed++;
    }
    return { stepsPerSec: timed / seconds, kernels: h.kernels ?? "?", backend: h.backend ?? "?" };
  } finally {
    await page.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

export async function kernelSpeed(pg: Playground, opts: { rounds: number; warmup: number; steps: number }): Promise<void> {
  console.log(`\ntraining steps/s of specs/simple.mm in the playground: our wasm kernels vs stock tfjs-wasm (?kernels=stock)`);
  console.log(`${opts.rounds} interleaved rounds, each a fresh page: ${opts.warmup} warm-up steps, then ${opts.steps} timed; load average before: ${load()}`);
  const runs: Record<Choice, PageRun[]> = { ours: [], stock: [] };
  for (let r = 1; r <= opts.rounds; r++) {
    for (const choice of ["ours", "stock"] as const) {
      const run = await trainOnce(pg, choice, r, opts.warmup, opts.steps);
      runs[choice].push(run);
      console.log(`  round ${r} ${choice.padEnd(5)} ${run.stepsPerSec.toFixed(2).padStart(7)} steps/s   (${run.backend}: ${run.kernels})`);
    }
  }
  const ours = median(runs.ours.map((r) => r.stepsPerSec));
  const stock = median(runs.stock.map((r) => r.stepsPerSec));
  console.log(`median: ours ${ours.toFixed(2)} steps/s, stock ${stock.toFixed(2)} steps/s, ours/stock ${(ours / stock).toFixed(2)}x`);
  console.log(`kernel build the page used: ${runs.ours[0]!.kernels}; load average after: ${load()}`);
}
