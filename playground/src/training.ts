// The training panel: starts a run in the training worker whenever the spec checks and its
// model differs from the one training, stops it (cleanly: the worker disposes the model and
// the optimizer) when the spec stops checking, and draws what the worker reports.
import type { Analysis } from "../../src/language-service/analysis.js";
import { pretrainedTowers } from "../../src/ir/weight-names.js";
import { BROWSER_BUDGET, BROWSER_DATA_KINDS, MEMORY_LIMIT_BYTES, formatBytes, planRun } from "./budget.js";
import { LineChart } from "./charts.js";
import type { BackendName, EvalView, TrainReply, TrainRequest } from "./protocol.js";
import { ThumbStore, drawPca, drawSimilarity, esc, renderTopK, type Tip } from "./views.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { fmtInt } from "../../src/check/summary.js";
import TrainWorker from "./train-worker.ts?worker";
import type { KernelChoice } from "../../src/kernels/index.js";

export type RunState = "idle" | "waiting" | "starting" | "running" | "finished" | "stopped" | "failed" | "blocked";

export interface RunHistory {
  run: number;
  state: RunState;
  backend?: string;
  /** The training kernels the worker reported ("our wasm kernels, relaxed-SIMD FMA build"). */
  kernels?: string;
  totalSteps?: number;
  startedAt?: number;
  firstStepAt?: number;
  /** elapsed: seconds on the trainer's clock when the step ended (the bench times steps by it). */
  losses: { step: number; loss: number; temperature?: number; elapsed: number }[];
  evals: { step: number; metrics: Record<string, number>; chance: Record<string, number> }[];
  done?: { reason: string; steps: number; tensorsLeft: number; tensorsBefore: number };
  failure?: { kind: string; message: string };
}

/** The model as the trainer sees it: the IR without source positions. */
export function semanticKey(ir: IRProgram): string {
  return JSON.stringify(ir, (k, v) => (k === "span" || k === "source" ? undefined : v));
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** How long after the last keystroke training resumes. */
const HOLD_MS = 800;

export class TrainingPanel {
  backend: BackendName = "wasm";
  /** Our training kernels, or stock tfjs ones (`?kernels=stock`, for the bench). */
  kernels: KernelChoice = "ours";
  full = false;
  history: RunHistory = { run: 0, state: "idle", losses: [], evals: [] };
  private worker: Worker;
  private run = 0;
  private key: string | undefined;
  private ir: IRProgram | undefined;
  private startTimer: number | undefined;
  private store: ThumbStore | undefined;
  private lastView: EvalView | undefined;
  private loss: LineChart;
  private temp: LineChart;
  private recall: LineChart;
  private recallKs: number[] = [1, 5, 10];
  private stepsPerSec = 0;
  private lastHold = -Infinity;
  private tip: Tip;

  constructor() {
    this.worker = new TrainWorker({ name: "mmc-trainer" });
    this.worker.onmessage = (e: MessageEvent<TrainReply>) => this.receive(e.data);
    this.worker.onerror = (e) => this.fail("error", `the training worker crashed: ${e.message}`);
    this.loss = new LineChart($("chart-loss"), [{ label: "loss", color: "#2563eb" }]);
    this.temp = new LineChart($("chart-temp"), [{ label: "temperature", color: "#7c3aed" }]);
    this.recall = new LineChart($("chart-recall"), this.recallSeries(), { yMin: 0, yMax: 1 });
    const tipEl = $("tip");
    this.tip = {
      show(x, y, html) {
        tipEl.innerHTML = html;
        tipEl.hidden = false;
        const r = tipEl.getBoundingClientRect();
        tipEl.style.left = `${Math.min(x + 14, window.innerWidth - r.width - 8)}px`;
        tipEl.style.top = `${Math.min(y + 14, window.innerHeight - r.height - 8)}px`;
      },
      hide() {
        tipEl.hidden = true;
      },
    };
    new ResizeObserver(() => this.redrawViews()).observe($("views"));
    this.setState("idle", "Waiting for the spec to check…");
  }

  private recallSeries() {
    const colors = ["#2563eb", "#16a34a", "#ea580c", "#9333ea"];
    return [
      ...this.recallKs.map((k, i) => ({ label: `R@${k}`, color: colors[i % colors.length]! })),
      ...this.recallKs.map((k, i) => ({ label: `chance@${k}`, color: colors[i % colors.length]!, dash: [4, 4], width: 1 })),
    ];
  }

  /** Called with every check of the current text. */
  onAnalysis(a: Analysis): void {
    if (!a.ok || !a.ir) {
      window.clearTimeout(this.startTimer);
      if (this.key !== undefined || this.history.state === "waiting") {
        this.stop();
        this.setState("stopped", a.errors ? `Stopped: the spec has ${a.errors} error${a.errors === 1 ? "" : "s"}. Training restarts when it checks again.` : "Stopped.");
      }
      this.key = undefined;
      return;
    }
    const key = semanticKey(a.ir);
    if (key === this.key) return; // same model (a comment or layout changed): keep training
    this.stop();
    this.key = key;
    this.ir = a.ir;
    this.setState("waiting", "Spec changed: starting a new run…");
    window.clearTimeout(this.startTimer);
    // A short pause so that a burst of valid edits starts one run, not one per keystroke.
    this.startTimer = window.setTimeout(() => this.start(), 250);
  }

  /**
   * Called on every edit: the trainer starts no work (a run's setup, a step, an evaluation)
   * until the typing has paused for HOLD_MS, so on a small machine the editor and the
   * checker keep the cores while you type (measured: keys answered while the trainer works
   * wait for CPU, not for the trainer).
   */
  onEdit(): void {
    if (this.history.state !== "running" && this.history.state !== "starting" && this.history.state !== "waiting") return;
    const now = performance.now();
    if (now - this.lastHold < HOLD_MS / 4) return; // one message per burst of keys, renewed as it goes on
    this.lastHold = now;
    this.worker.postMessage({ type: "hold", ms: HOLD_MS } satisfies TrainRequest);
  }

  /** Starts the chosen backend ahead of the first run (see the "prepare" message). */
  prepare(): void {
    this.worker.postMessage({ type: "prepare", backend: this.backend, kernels: this.kernels } satisfies TrainRequest);
  }

  restart(): void {
    if (!this.ir) return;
    this.stop();
    this.start();
  }

  private stop(): void {
    if (this.history.state === "running" || this.history.state === "starting" || this.history.state === "waiting") {
      this.worker.postMessage({ type: "stop", run: this.run } satisfies TrainRequest);
    }
  }

  private start(): void {
    const ir = this.ir;
    if (!ir) return;
    this.run++;
    this.history = { run: this.run, state: "starting", losses: [], evals: [], startedAt: performance.now() };
    this.loss.clear();
    this.temp.clear();
    this.recallKs = ir.evaluate.find((e) => e.kind === "retrieval")?.k.slice(0, 3) ?? [1, 5, 10];
    this.recall.clear();
    this.lastView = undefined;
    $("views").classList.add("empty");
    $("budget-note").textContent = "";
    this.hideBanner();
    const plan = planRun(ir, this.full ? null : BROWSER_BUDGET);
    if (!BROWSER_DATA_KINDS.includes(ir.data.kind)) {
      this.block(`data ${ir.data.kind}(...) reads files, which a browser tab cannot do. The editor still checks this spec; train it with <code>mmc run</code>, or switch to <code>shapes(...)</code> or <code>noise(...)</code> here.`);
      return;
    }
    const pretrained = pretrainedTowers(ir)[0];
    if (pretrained) {
      this.block(`<code>${pretrained}</code> starts from the weights of an earlier run, which a browser tab cannot read. The editor still checks this spec; train it with <code>mmc run</code>, or remove <code>from</code> to train the tower from its seed here.`);
      return;
    }
    if (!(plan.bytes.total <= MEMORY_LIMIT_BYTES)) { // NaN too: an estimate that failed never lets a run through
      this.block(`This spec needs about <b>${formatBytes(plan.bytes.total)}</b> to train (parameters ${formatBytes(plan.bytes.params)}, activations ${formatBytes(plan.bytes.activations)}, data ${formatBytes(plan.bytes.data)}); the playground stops at ${formatBytes(MEMORY_LIMIT_BYTES)}. Use a smaller batch or model${this.full ? " or the browser budget" : ""}, or train it with <code>mmc run</code>.`);
      return;
    }
    this.renderBudget(plan.capped, plan.spec, plan.run);
    this.setState("starting", "Starting…");
    this.worker.postMessage({ type: "start", run: this.run, ir, backend: this.backend, kernels: this.kernels, budget: this.full ? null : BROWSER_BUDGET } satisfies TrainRequest);
  }

  private block(html: string): void {
    this.history.state = "blocked";
    this.showBanner(html, "warn");
    this.setState("blocked", "Not training this spec in the browser.");
  }

  private renderBudget(capped: boolean, spec: { train: number; test: number; steps: number }, run: { train: number; test: number; steps: number }): void {
    const el = $("budget-note");
    if (this.full) {
      el.innerHTML = `Full budget, as <code>mmc run</code>: ${fmtInt(run.train)} training and ${fmtInt(run.test)} test items, ${fmtInt(run.steps)} steps.`;
    } else if (capped) {
      const part = (n: number, of: number, what: string) => (n < of ? `${fmtInt(n)} of ${fmtInt(of)} ${what}` : `${fmtInt(n)} ${what}`);
      const steps = run.steps < spec.steps ? `<b>${fmtInt(run.steps)} steps</b> (the spec asks for ${fmtInt(spec.steps)})` : `${fmtInt(run.steps)} steps`;
      el.innerHTML = `Browser budget: ${part(run.train, spec.train, "training items")}, ${part(run.test, spec.test, "test items")}, ${steps}. Tick <i>Full budget</i> to train as <code>mmc run</code> would.`;
    } else {
      el.innerHTML = `Training as the spec says: ${fmtInt(run.train)} training and ${fmtInt(run.test)} test items, ${fmtInt(run.steps)} steps.`;
    }
  }

  private receive(m: TrainReply): void {
    if (m.run !== this.run) return; // a stopped run's last words
    switch (m.type) {
      case "phase":
        this.setState("starting", m.text[0]!.toUpperCase() + m.text.slice(1));
        break;
      case "started": {
        this.history.backend = m.backend;
        this.history.kernels = m.kernels;
        this.history.totalSteps = m.totalSteps;
        this.store = new ThumbStore(m.thumbs, m.captions);
        $("stat-backend").textContent = m.backend;
        this.setState("running", `Training on ${m.backend}: batch ${m.batch}, evaluating every ${m.evalEvery} steps.`);
        this.renderStats();
        break;
      }
      case "steps": {
        if (this.history.firstStepAt === undefined) this.history.firstStepAt = performance.now();
        for (const p of m.points) {
          this.history.losses.push({ step: p.step, loss: p.loss, elapsed: p.elapsed, ...(p.temperature !== undefined ? { temperature: p.temperature } : {}) });
          this.loss.push(p.step, [p.loss]);
          if (p.temperature !== undefined) this.temp.push(p.step, [p.temperature]);
        }
        this.stepsPerSec = m.stepsPerSec;
        this.renderStats();
        break;
      }
      case "eval": {
        const v = m.view;
        this.history.evals.push({ step: v.step, metrics: v.metrics, chance: v.chance });
        const ys = [...this.recallKs.map((k) => v.metrics[`text_to_image_R@${k}`] ?? null), ...this.recallKs.map((k) => v.chance[`text_to_image_R@${k}`] ?? null)];
        this.recall.push(v.step, ys);
        this.lastView = v;
        this.redrawViews();
        this.renderStats();
        break;
      }
      case "done":
        this.history.done = { reason: m.reason, steps: m.steps, tensorsLeft: m.tensorsLeft, tensorsBefore: m.tensorsBefore };
        if (m.reason === "finished") {
          const r1 = this.history.evals[this.history.evals.length - 1]?.metrics[`text_to_image_R@${this.recallKs[0]}`];
          this.setState("finished", `Finished ${fmtInt(m.steps)} steps${r1 !== undefined ? `; text→image R@${this.recallKs[0]} ${(r1 * 100).toFixed(1)}%` : ""}. Edit the spec to train again.`);
        } else if (this.history.state !== "stopped") {
          this.setState("stopped", `Stopped after ${fmtInt(m.steps)} steps.`);
        }
        break;
      case "failed":
        this.fail(m.kind, m.message, m.help);
        break;
    }
  }

  private fail(kind: string, message: string, help?: string): void {
    this.history.failure = { kind, message };
    const title = kind === "nan" ? "Training diverged" : kind === "memory" ? "Too large for the browser" : kind === "data" ? "Data not available here" : kind === "backend" ? "Backend unavailable" : "Training failed";
    this.showBanner(`<b>${title}.</b> ${esc(message[0]!.toUpperCase() + message.slice(1))}${help ? `<br><span class="help">help: ${esc(help).replace(/`([^`]+)`/g, "<code>$1</code>")}</span>` : ""}`, kind === "data" || kind === "memory" ? "warn" : "error");
    this.setState("failed", title + ".");
  }

  private showBanner(html: string, tone: "warn" | "error"): void {
    const b = $("banner");
    b.innerHTML = html;
    b.className = `banner ${tone}`;
    b.hidden = false;
  }

  private hideBanner(): void {
    $("banner").hidden = true;
  }

  private setState(state: RunState, text: string): void {
    this.history.state = state;
    const el = $("run-status");
    el.dataset["state"] = state;
    $("run-text").textContent = text;
  }

  private renderStats(): void {
    const h = this.history;
    const last = h.losses[h.losses.length - 1];
    const ev = h.evals[h.evals.length - 1];
    const k = this.recallKs[0];
    $("stat-step").textContent = last ? `${fmtInt(last.step)} / ${fmtInt(h.totalSteps ?? 0)}` : "–";
    $("stat-loss").textContent = last ? last.loss.toFixed(3) : "–";
    $("stat-temp").textContent = last?.temperature !== undefined ? last.temperature.toFixed(3) : "–";
    $("stat-recall").textContent = ev && k !== undefined && ev.metrics[`text_to_image_R@${k}`] !== undefined ? `${(ev.metrics[`text_to_image_R@${k}`]! * 100).toFixed(1)}%` : "–";
    $("stat-recall-label").textContent = `R@${k ?? 1} text→image`;
    $("stat-recall-chance").textContent = ev && k !== undefined && ev.chance[`text_to_image_R@${k}`] !== undefined ? `chance ${(ev.chance[`text_to_image_R@${k}`]! * 100).toFixed(1)}%` : "";
    $("stat-speed").textContent = this.stepsPerSec ? this.stepsPerSec.toFixed(this.stepsPerSec < 10 ? 2 : 1) : "–";
    const progress = last && h.totalSteps ? last.step / h.totalSteps : 0;
    $("progress").style.width = `${(progress * 100).toFixed(1)}%`;
  }

  private redrawViews(): void {
    const v = this.lastView;
    if (!v || !this.store) return;
    $("views").classList.remove("empty");
    $("view-step").textContent = `at step ${fmtInt(v.step)}`;
    if (v.sim.n) drawSimilarity($<HTMLCanvasElement>("sim"), v, this.store, this.tip);
    if (v.pca.n) drawPca($<HTMLCanvasElement>("pca"), v, this.store, this.tip);
    renderTopK($("topk"), v, this.store);
  }

  /** Milliseconds from page load to the first training step of the current run. */
  get loadToFirstStep(): number | undefined {
    return this.history.firstStepAt; // performance.now() counts from the page's navigation
  }
}
