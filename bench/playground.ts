// The playground's responsiveness, measured in Debian's Chromium (a bench, not a test):
//  - keystroke to markers: for each example spec, type an edit into a layer line one key at
//    a time and take it back, and time each keystroke from the content change to the markers
//    that answer it (the editor records both); target p95 < 100 ms;
//  - page load to the first training step (performance.now() counts from navigation), for
//    the default example and for a tiny spec;
//  - training steps/s of specs/simple.mm with our wasm kernels and with stock tfjs-wasm's
//    (bench/playground-kernels.ts).
// Run: npm run bench:playground  [-- --keys 20 --loads 3 --only simple,vit --parts keys,loads,kernels
//                                    --rounds 3 --warmup 10 --steps 60]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { HAVE_CHROMIUM, SKIP_LINE, pointAt, specHash, startPlayground, type Playground } from "./playground-browser.js";
import { packageRoot } from "../src/cli/package-root.js";
import { kernelSpeed } from "./playground-kernels.js";

interface Timing {
  version: number;
  changedAt: number;
  markersAt?: number;
  workerMs?: number;
  stages?: { postedAt: number; workerStart: number; workerEnd: number; receivedAt: number };
}

/** Where a keystroke's time went: waiting for an earlier check, message to the checker, the check, reply to the page, markers. */
const SEGMENTS = ["queued", "to worker", "check", "to page", "markers"] as const;
function segments(t: Timing): number[] | undefined {
  const s = t.stages;
  if (!s || t.markersAt === undefined) return undefined;
  return [s.postedAt - t.changedAt, s.workerStart - s.postedAt, s.workerEnd - s.workerStart, s.receivedAt - s.workerEnd, t.markersAt - s.receivedAt];
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const KEYS_EACH_WAY = Number(flag("keys", "18"));
const LOADS = Number(flag("loads", "3"));
const ONLY = flag("only", "").split(",").filter(Boolean);
const PARTS = flag("parts", "keys,loads,kernels").split(",");
const ROUNDS = Number(flag("rounds", "3"));
const WARMUP = Number(flag("warmup", "10"));
const STEPS = Number(flag("steps", "60"));
const TYPED = ", activation: gelu".slice(0, KEYS_EACH_WAY);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

const median = (xs: number[]) => percentile(xs, 50);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(7) : "      –");

async function waitChecked(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const s = document.getElementById("check-status")?.dataset["state"];
    return s === "ok" || s === "error";
  });
}

/** The line to edit: the first `dense(N)`-like call on a line of its own inside a tower. */
function editTarget(text: string): { line: number; column: number } | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s+)(dense|conv2d|embed)\([^()]*\)\s*$/.exec(lines[i]!);
    if (m) return { line: i + 1, column: lines[i]!.trimEnd().length }; // before the closing `)`
  }
  return undefined;
}

interface KeyRun {
  latencies: number[];
  worker: number[];
  /** Per key, the segments (SEGMENTS order). */
  parts: number[][];
  /** Main-thread long tasks (> 50 ms) while typing: their total and the longest. */
  longTotal: number;
  longMax: number;
  /** The page's own main-thread handlers while typing: calls, total and longest ms. */
  handlers: Record<string, { n: number; total: number; max: number }>;
}

/** Runs in the page: wraps the panel's and the editor's handlers to time them (by message type). */
function profileHandlers(): void {
  type Fn = (...args: unknown[]) => unknown;
  const w = window as unknown as { __handlers: Record<string, { n: number; total: number; max: number }>; __mmc: { editor: Record<string, Fn>; training: Record<string, unknown> } };
  w.__handlers = {};
  const wrap = (obj: Record<string, unknown>, key: string, label: (args: unknown[]) => string) => {
    const f = obj[key] as Fn;
    obj[key] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return f.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        const h = (w.__handlers[label(args)] ??= { n: 0, total: 0, max: 0 });
        h.n++;
        h.total += ms;
        h.max = Math.max(h.max, ms);
      }
    };
  };
  const t = w.__mmc.training;
  wrap(t, "receive", (a) => `trainer:${(a[0] as { type: string }).type}`);
  wrap(t, "onAnalysis", () => "training.onAnalysis");
  wrap(t, "onEdit", () => "training.onEdit");
  wrap(t, "start", () => "training.start");
  wrap(t, "redrawViews", () => "training.redrawViews");
  for (const c of ["loss", "temp", "recall"]) wrap((t[c] as { plot: Record<string, unknown> }).plot, "setData", () => "chart.setData");
  wrap(w.__mmc.editor, "receive", () => "editor.receive (markers, problems, onAnalysis)");
  wrap(w.__mmc.editor, "requestCheck", () => "editor.requestCheck");
  wrap(w.__mmc.editor, "complete", () => "editor.complete");
  wrap(w.__mmc.editor, "inlayHints", () => "editor.inlayHints");
}

async function keystrokeLatency(pg: Playground, page: Page, name: string, text: string, training: boolean): Promise<KeyRun | undefined> {
  await page.goto(`${pg.url}?${name}-${training ? "A" : "B"}#example=${name}`); // a new query forces a fresh load (a hash alone would not)
  await page.waitForFunction(() => "__mmc" in window);
  await waitChecked(page);
  const target = editTarget(text);
  if (!target) return undefined;
  if (training) {
    // As a user sees it: the spec's training runs in its worker (one of the two cores) meanwhile.
    await page.waitForFunction(() => (window as unknown as { __mmc: { training: { history: { state: string } } } }).__mmc.training.history.state !== "waiting");
  } else {
    // The B side: the same page with its trainer stopped and deaf to edits, to see what training costs the editor.
    await page.evaluate(() => {
      const t = (window as unknown as { __mmc: { training: { onAnalysis(a: unknown): void } } }).__mmc.training;
      t.onAnalysis({ ok: false, errors: 0 });
      t.onAnalysis = () => {};
    });
    // and the worker has answered the stop (a run's setup ends first), so that nothing trains while typing.
    await page.waitForFunction(() => {
      const h = (window as unknown as { __mmc: { training: { history: { run: number; done?: unknown } } } }).__mmc.training.history;
      return h.run === 0 || h.done !== undefined;
    });
  }
  const at = await pointAt(page, target.line, target.column);
  await page.mouse.click(at.x, at.y);
  await page.evaluate(([line, column]) => {
    const w = window as unknown as { __mmc: { editor: { editor: { setPosition(p: unknown): void; focus(): void } } } };
    w.__mmc.editor.editor.setPosition({ lineNumber: line, column });
    w.__mmc.editor.editor.focus();
  }, [target.line, target.column] as const);
  await page.evaluate(profileHandlers);
  const from = await page.evaluate(() => (window as unknown as { __mmc: { editor: { timings: Timing[] } } }).__mmc.editor.timings.length);
  const typingFrom = await page.evaluate(() => performance.now());
  // A fast typist: one key every 70 ms; then as many backspaces.
  for (const ch of TYPED) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(70);
  }
  await page.keyboard.press("Escape");
  for (let i = 0; i < TYPED.length; i++) {
    await page.keyboard.press("Backspace");
    await page.waitForTimeout(70);
  }
  await page.waitForFunction((n) => {
    const t = (window as unknown as { __mmc: { editor: { timings: Timing[] } } }).__mmc.editor.timings;
    return t.length >= n && t.slice(-1)[0]!.markersAt !== undefined;
  }, from + 2 * TYPED.length);
  const timings = await page.evaluate((n) => (window as unknown as { __mmc: { editor: { timings: Timing[] } } }).__mmc.editor.timings.slice(n), from);
  const back = await page.evaluate(() => (window as unknown as { __mmc: { editor: { model: { getValue(): string } } } }).__mmc.editor.model.getValue());
  if (back !== text) throw new Error(`${name}: the edit did not come back to the original text`);
  const handlers = await page.evaluate(() => (window as unknown as { __handlers: Record<string, { n: number; total: number; max: number }> }).__handlers);
  const long = await page.evaluate((t0) => ((window as unknown as { __longTasks?: { start: number; ms: number }[] }).__longTasks ?? []).filter((t) => t.start >= t0).map((t) => t.ms), typingFrom);
  return {
    latencies: timings.filter((t) => t.markersAt !== undefined).map((t) => t.markersAt! - t.changedAt),
    worker: timings.filter((t) => t.workerMs !== undefined).map((t) => t.workerMs!),
    parts: timings.map(segments).filter((p): p is number[] => p !== undefined),
    handlers,
    longTotal: long.reduce((a, b) => a + b, 0),
    longMax: long.length ? Math.max(...long) : 0,
  };
}

async function loadToFirstStep(pg: Playground, hash: string): Promise<{ markers: number; firstStep: number; backend: string }> {
  const page = await pg.context.newPage();
  try {
    await page.goto(`${pg.url}?load=${Date.now()}${hash}`);
    await page.waitForFunction(() => (window as unknown as { __mmc?: { training: { history: { firstStepAt?: number; state: string } } } }).__mmc?.training.history.firstStepAt !== undefined, undefined, { timeout: 300_000 });
    return await page.evaluate(() => {
      const w = window as unknown as { __mmc: { editor: { timings: Timing[] }; training: { history: { firstStepAt: number; backend: string } } } };
      const markers = performance.getEntriesByName("mmc:first-check")[0]?.startTime ?? NaN;
      return { markers, firstStep: w.__mmc.training.history.firstStepAt, backend: w.__mmc.training.history.backend };
    });
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  if (!HAVE_CHROMIUM) {
    console.log(SKIP_LINE.replace("browser tests", "bench"));
    return;
  }
  const specsDir = join(packageRoot(), "specs");
  const names = readdirSync(specsDir).filter((f) => f.endsWith(".mm")).map((f) => f.slice(0, -3)).filter((n) => !ONLY.length || ONLY.includes(n)).sort();
  const pg = await startPlayground((l) => console.error(l));
  // tsx keeps function names with a __name helper that page-side functions would miss.
  await pg.context.addInitScript({ content: "globalThis.__name ??= (f) => f;" });
  // Main-thread long tasks, recorded from the page's start (the breakdown below reads them).
  await pg.context.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
    w.__longTasks = [];
    try {
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: "longtask", buffered: true });
    } catch {
      // no long-task timing in this browser: the breakdown shows none
    }
  });
  console.log(`playground built in ${pg.buildSeconds.toFixed(1)} s; Chromium ${pg.context.browser()?.version() ?? ""}`);
  try {
    if (PARTS.includes("keys")) await keystrokes(pg, names, specsDir);
    if (PARTS.includes("loads")) await loads(pg);
    if (PARTS.includes("kernels")) await kernelSpeed(pg, { rounds: ROUNDS, warmup: WARMUP, steps: STEPS });
  } finally {
    await pg.close();
  }
}

async function keystrokes(pg: Playground, names: string[], specsDir: string): Promise<void> {
  console.log(`\nkeystroke to markers (ms), ${2 * TYPED.length} keys per spec, one every 70 ms; target p95 < 100`);
  console.log(`while the spec trains (A) and with training stopped (B), interleaved per spec`);
  console.log(`${"spec".padEnd(20)}${"A p50".padStart(7)}${"p95".padStart(8)}${"max".padStart(8)}  ${"B p50".padStart(7)}${"p95".padStart(8)}${"max".padStart(8)}   check in worker p50`);
  const page = pg.context.pages()[0] ?? (await pg.context.newPage());
  const all = { A: [] as number[], B: [] as number[] };
  const parts = { A: [] as number[][], B: [] as number[][] };
  const long = { A: { total: 0, max: 0 }, B: { total: 0, max: 0 } };
  const handlers = { A: {} as KeyRun["handlers"], B: {} as KeyRun["handlers"] };
  for (const name of names) {
    const text = readFileSync(join(specsDir, `${name}.mm`), "utf8");
    const a = await keystrokeLatency(pg, page, name, text, true);
    const b = await keystrokeLatency(pg, page, name, text, false);
    if (!a || !b) {
      console.log(`${name.padEnd(20)} (no layer line to edit)`);
      continue;
    }
    all.A.push(...a.latencies);
    all.B.push(...b.latencies);
    parts.A.push(...a.parts);
    parts.B.push(...b.parts);
    for (const [side, r] of [["A", a], ["B", b]] as const) {
      for (const [k, v] of Object.entries(r.handlers)) {
        const h = (handlers[side][k] ??= { n: 0, total: 0, max: 0 });
        h.n += v.n;
        h.total += v.total;
        h.max = Math.max(h.max, v.max);
      }
    }
    long.A = { total: long.A.total + a.longTotal, max: Math.max(long.A.max, a.longMax) };
    long.B = { total: long.B.total + b.longTotal, max: Math.max(long.B.max, b.longMax) };
    const cols = (xs: number[]) => `${ms(median(xs))} ${ms(percentile(xs, 95))} ${ms(Math.max(...xs))}`;
    console.log(`${name.padEnd(20)}${cols(a.latencies)}  ${cols(b.latencies)}   ${ms(median([...a.worker, ...b.worker]))}`);
  }
  const cols = (xs: number[]) => `${ms(median(xs))} ${ms(percentile(xs, 95))} ${ms(Math.max(...xs))}`;
  console.log(`${"all".padEnd(20)}${cols(all.A)}  ${cols(all.B)}`);
  console.log(`\nwhere the time of keys over 100 ms went (ms, sum over those keys; median of every key in brackets)`);
  for (const side of ["A", "B"] as const) {
    const slow = parts[side].filter((p) => p.reduce((a, b) => a + b, 0) > 100);
    const sums = SEGMENTS.map((_, i) => slow.reduce((a, p) => a + p[i]!, 0));
    const meds = SEGMENTS.map((_, i) => median(parts[side].map((p) => p[i]!)));
    console.log(`${side}: ${slow.length} of ${parts[side].length} keys; ${SEGMENTS.map((n, i) => `${n} ${sums[i]!.toFixed(0)} (${meds[i]!.toFixed(1)})`).join(", ")}; main-thread long tasks ${long[side].total.toFixed(0)} ms, longest ${long[side].max.toFixed(0)}`);
    const top = Object.entries(handlers[side]).sort((x, y) => y[1].total - x[1].total).slice(0, 8);
    console.log(`   main-thread handlers: ${top.map(([k, v]) => `${k} ×${v.n} ${v.total.toFixed(0)} ms (max ${v.max.toFixed(0)})`).join("; ")}`);
  }
  await page.close();
}

async function loads(pg: Playground): Promise<void> {
  console.log(`\npage load to first training step (ms, median of ${LOADS} fresh loads)`);
  const tiny = readFileSync(join(packageRoot(), "test", "playground", "tiny.mm"), "utf8");
  for (const [label, hash] of [["specs/simple.mm (default)", ""], ["test/playground/tiny.mm", specHash(tiny)]] as const) {
    const runs = [];
    for (let i = 0; i < LOADS; i++) runs.push(await loadToFirstStep(pg, hash));
    console.log(`${label.padEnd(28)} first markers ${ms(median(runs.map((r) => r.markers)))}   first step ${ms(median(runs.map((r) => r.firstStep)))}   (${runs[0]!.backend}; each: ${runs.map((r) => r.firstStep.toFixed(0)).join(", ")})`);
  }
}

await main();
