// Section 1: the run at a glance, with an interrupted run marked in the title and a banner.
import { attrs, escapeHtml } from "../escape.js";
import { fmtCompact, fmtDate, fmtDuration, fmtFixed, fmtInt } from "../format.js";
import type { ReportInput } from "../types.js";

/** input.samplesPerSec, else the median of the logged per-step throughputs. */
export function throughput(input: ReportInput): number | undefined {
  if (input.samplesPerSec !== undefined && Number.isFinite(input.samplesPerSec)) return input.samplesPerSec;
  const xs = input.history
    .map((h) => h.samplesPerSec)
    .filter((v): v is number => v !== undefined && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

function stat(label: string, value: string, title?: string): string {
  return `<div class="stat"><dt>${escapeHtml(label)}</dt><dd${attrs({ title })}>${value}</dd></div>`;
}

function stepsText(input: ReportInput): string {
  const planned = input.plannedSteps;
  return planned !== undefined && Number.isFinite(planned) && planned > 0
    ? `${fmtInt(input.steps)} <span class="of">/ ${fmtInt(planned)}</span>`
    : fmtInt(input.steps);
}

function banner(input: ReportInput): string {
  if (input.status !== "interrupted") return "";
  const planned = input.plannedSteps;
  const hasPlan = planned !== undefined && Number.isFinite(planned) && planned > 0;
  const pct = hasPlan ? Math.max(0, Math.min(100, (input.steps / planned) * 100)) : undefined;
  const where = hasPlan
    ? `at step ${fmtInt(input.steps)} of ${fmtInt(planned)} (${fmtFixed(pct!, 0)}%)`
    : `at step ${fmtInt(input.steps)}`;
  const bar = pct === undefined ? "" : `<div class="progress" aria-hidden="true"><div style="width:${fmtFixed(pct, 1)}%"></div></div>`;
  return (
    `<div class="banner interrupted" role="alert"><strong>Interrupted run.</strong> ` +
    `Training stopped ${escapeHtml(where)} after ${escapeHtml(fmtDuration(input.seconds))}; ` +
    `the metrics and figures below describe the model as it was when it stopped.${bar}</div>`
  );
}

export function headerSection(input: ReportInput): string {
  const status = input.status === "interrupted" ? "interrupted" : "completed";
  const badge = `<span${attrs({ class: `badge ${status}`, "data-status": status })}>${status === "interrupted" ? "Interrupted" : "Completed"}</span>`;
  const sps = throughput(input);
  const stats = [
    stat("Backend", escapeHtml(input.backend)),
    stat("Steps", stepsText(input)),
    stat("Training time", escapeHtml(fmtDuration(input.seconds))),
    stat("Samples / s", sps === undefined ? "—" : escapeHtml(sps >= 100 ? fmtInt(sps) : fmtFixed(sps, 1))),
    stat("Parameters", escapeHtml(fmtInt(input.paramCount)), fmtCompact(input.paramCount)),
    stat("Started", escapeHtml(fmtDate(input.startedAt)), input.startedAt),
  ].join("");
  return (
    `<header${attrs({ class: `card hero ${status}`, id: "summary", "data-section": "summary" })}>` +
    `<div class="hero-top"><div><div class="eyebrow">mmc training report</div>` +
    `<h1>${escapeHtml(input.model)}</h1></div>${badge}</div>` +
    banner(input) +
    `<dl class="stats">${stats}</dl></header>`
  );
}
