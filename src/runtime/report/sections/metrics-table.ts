// Section 2: final metrics, each beside its chance value and "x chance".
import { attrs, escapeHtml } from "../escape.js";
import { fmtRank, fmtRatio, fmtScore } from "../format.js";
import { emptyState, section } from "../layout.js";
import { lookup, parseMetric, recallKs, verdict, type Direction, type MetricKind } from "../metrics.js";
import type { ReportInput } from "../types.js";

const DIRS: { dir: Direction; label: string }[] = [
  { dir: "t2i", label: "Text → image" },
  { dir: "i2t", label: "Image → text" },
];

function cells(value: number | undefined, chance: number | undefined, lowerIsBetter: boolean, fmt: (v: number) => string): string {
  const v = verdict(value, chance, lowerIsBetter);
  const ratio = value !== undefined && chance !== undefined && chance !== 0 ? value / chance : NaN;
  return (
    `<td class="num value">${value === undefined ? "—" : fmt(value)}</td>` +
    `<td class="num chance">${chance === undefined ? "—" : fmt(chance)}</td>` +
    `<td${attrs({ class: `num ratio ${v}`, title: ratioTitle(v, lowerIsBetter) })}>${fmtRatio(ratio)}</td>`
  );
}

function ratioTitle(v: string, lowerIsBetter: boolean): string | undefined {
  if (v === "none") return undefined;
  const word = v === "above" ? "better than" : v === "below" ? "worse than" : "about";
  return `${word} chance${lowerIsBetter ? " (lower is better)" : ""}`;
}

function retrievalTable(input: ReportInput): string {
  const ks = recallKs(input.final, input.chance);
  const rows: { label: string; kind: MetricKind; k?: number; lower: boolean; fmt: (v: number) => string }[] = [
    ...ks.map((k) => ({ label: `Recall@${k}`, kind: "recall" as const, k, lower: false, fmt: fmtScore })),
    { label: "Median rank", kind: "median_rank", lower: true, fmt: fmtRank },
    { label: "Mean rank", kind: "mean_rank", lower: true, fmt: fmtRank },
  ];
  const present = rows.filter((r) => DIRS.some(({ dir }) => lookup(input.final, r.kind, dir, r.k) !== undefined));
  if (present.length === 0) return "";
  const head =
    `<thead><tr><th rowspan="2">Metric</th>${DIRS.map((d) => `<th colspan="3" class="group">${escapeHtml(d.label)}</th>`).join("")}</tr>` +
    `<tr>${DIRS.map(() => `<th class="num">value</th><th class="num">chance</th><th class="num">× chance</th>`).join("")}</tr></thead>`;
  const body = present
    .map((r) => {
      const label = `${escapeHtml(r.label)}${r.lower ? ` <span class="hint">lower is better</span>` : ""}`;
      const dirCells = DIRS.map(({ dir }) =>
        cells(lookup(input.final, r.kind, dir, r.k), lookup(input.chance, r.kind, dir, r.k), r.lower, r.fmt),
      ).join("");
      return `<tr${attrs({ "data-metric": r.kind === "recall" ? `R@${r.k}` : r.kind })}><th scope="row">${label}</th>${dirCells}</tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table class="metrics retrieval">${head}<tbody>${body}</tbody></table></div>`;
}

function otherTable(input: ReportInput): string {
  const others = Object.keys(input.final)
    .map(parseMetric)
    .filter((m) => m.kind === "other");
  if (others.length === 0) return "";
  // Group scores first, then the rest in the order given.
  others.sort((a, b) => Number(!/^group/i.test(a.key)) - Number(!/^group/i.test(b.key)));
  const body = others
    .map((m) => {
      const isRank = /rank/i.test(m.key);
      const fmt = isRank ? fmtRank : fmtScore;
      const label = `${escapeHtml(m.label)}${m.lowerIsBetter ? ` <span class="hint">lower is better</span>` : ""}`;
      return `<tr${attrs({ "data-metric": m.key })}><th scope="row"${attrs({ title: m.key })}>${label}</th>${cells(input.final[m.key], input.chance[m.key], m.lowerIsBetter, fmt)}</tr>`;
    })
    .join("");
  return (
    `<div class="table-wrap"><table class="metrics other"><thead><tr><th>Metric</th><th class="num">value</th>` +
    `<th class="num">chance</th><th class="num">× chance</th></tr></thead><tbody>${body}</tbody></table></div>`
  );
}

/** Caveats such as repeated captions, one paragraph each, above the tables they qualify. */
function notesBlock(input: ReportInput): string {
  return (input.notes ?? []).map((n) => `<p class="note" data-note>${escapeHtml(n)}</p>`).join("");
}

export function metricsSection(input: ReportInput): string {
  const tables = retrievalTable(input) + otherTable(input);
  const notes = notesBlock(input);
  return section({
    id: "metrics",
    title: "Final metrics",
    lead: "Retrieval on the test split. “× chance” is value ÷ chance; green beats chance, red is worse (for ranks, lower is better).",
    body: tables ? notes + tables : emptyState("No final metrics were recorded."),
  });
}
