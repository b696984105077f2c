// The playground's responsiveness, measured in Debian's Chromium (a bench, not a test):
//  - keystroke to markers: for each example spec, type an edit into a layer line one key at
//    a time and take it back, and time each keystroke from the content change to the markers
//    that answer it (the editor records both); target p95 < 100 ms;
//  - page load to the first training step (performance.now() counts from navigation), for
//    the default example and for a tiny spec.
// Run: npm run bench:playground  [-- --keys 20 --loads 3 --only simple,vit]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { HAVE_CHROMIUM, SKIP_LINE, pointAt, specHash, startPlayground, type Playground } from "./playground-browser.js";
import { packageRoot } from "../src/cli/package-root.js";

interface Timing {
  version: number;
  changedAt: number;
  markersAt?: number;
  workerMs?: number;
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const KEYS_EACH_WAY = Number(flag("keys", "18"));
const LOADS = Number(flag("loads", "3"));
const ONLY = flag("only", "").split(",").filter(Boolean);
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

async function keystrokeLatency(pg: Playground, page: Page, name: string, text: string, training: boolean): Promise<{ latencies: number[]; worker: number[] } | undefined> {
  await page.goto(`${pg.url}?${name}#example=${name}`); // the query forces a fresh load
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
  }
  const at = await pointAt(page, target.line, target.column);
  await page.mouse.click(at.x, at.y);
  await page.evaluate(([line, column]) => {
    const w = window as unknown as { __mmc: { editor: { editor: { setPosition(p: unknown): void; focus(): void } } } };
    w.__mmc.editor.editor.setPosition({ lineNumber: line, column });
    w.__mmc.editor.editor.focus();
  }, [target.line, target.column] as const);
  const from = await page.evaluate(() => (window as unknown as { __mmc: { editor: { timings: Timing[] } } }).__mmc.editor.timings.length);
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
  return {
    latencies: timings.filter((t) => t.markersAt !== undefined).map((t) => t.markersAt! - t.changedAt),
    worker: timings.filter((t) => t.workerMs !== undefined).map((t) => t.workerMs!),
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
  console.log(`playground built in ${pg.buildSeconds.toFixed(1)} s; Chromium ${pg.context.browser()?.version() ?? ""}`);
  try {
    console.log(`\nkeystroke to markers (ms), ${2 * TYPED.length} keys per spec, one every 70 ms; target p95 < 100`);
    console.log(`while the spec trains (A) and with training stopped (B), interleaved per spec`);
    console.log(`${"spec".padEnd(20)}${"A p50".padStart(7)}${"p95".padStart(8)}${"max".padStart(8)}  ${"B p50".padStart(7)}${"p95".padStart(8)}${"max".padStart(8)}   check in worker p50`);
    const page = pg.context.pages()[0] ?? (await pg.context.newPage());
    const all = { A: [] as number[], B: [] as number[] };
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
      const cols = (xs: number[]) => `${ms(median(xs))} ${ms(percentile(xs, 95))} ${ms(Math.max(...xs))}`;
      console.log(`${name.padEnd(20)}${cols(a.latencies)}  ${cols(b.latencies)}   ${ms(median([...a.worker, ...b.worker]))}`);
    }
    const cols = (xs: number[]) => `${ms(median(xs))} ${ms(percentile(xs, 95))} ${ms(Math.max(...xs))}`;
    console.log(`${"all".padEnd(20)}${cols(all.A)}  ${cols(all.B)}`);
    await page.close();

    console.log(`\npage load to first training step (ms, median of ${LOADS} fresh loads)`);
    const tiny = readFileSync(join(packageRoot(), "test", "playground", "tiny.mm"), "utf8");
    for (const [label, hash] of [["specs/simple.mm (default)", ""], ["test/playground/tiny.mm", specHash(tiny)]] as const) {
      const runs = [];
      for (let i = 0; i < LOADS; i++) runs.push(await loadToFirstStep(pg, hash));
      console.log(`${label.padEnd(28)} first markers ${ms(median(runs.map((r) => r.markers)))}   first step ${ms(median(runs.map((r) => r.firstStep)))}   (${runs[0]!.backend}; each: ${runs.map((r) => r.firstStep.toFixed(0)).join(", ")})`);
    }
  } finally {
    await pg.close();
  }
}

await main();
