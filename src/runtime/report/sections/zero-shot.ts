// The zero-shot section: a confusion matrix (true class rows, predicted class columns, each
// row shaded by its share of that class's images, as the similarity map is drawn) and each
// class's top-1 accuracy against chance (1 / classes).
import { diverging } from "../colors.js";
import { attrs, clip, escapeHtml, svgNum, tag } from "../escape.js";
import { fmtInt, fmtRatio, fmtScore } from "../format.js";
import { section } from "../layout.js";
import type { ReportInput, ReportZeroShot } from "../types.js";

/** Classes drawn at most; a larger matrix shows its first classes. */
export const MAX_CONFUSION_N = 48;
/** Class names are written beside the matrix up to this many classes (indices beyond). */
const NAMED_UP_TO = 24;

export function confusionMatrix(z: ReportZeroShot): string {
  const m = Math.min(z.classes.length, MAX_CONFUSION_N);
  const named = m <= NAMED_UP_TO;
  const label = (c: number) => (named ? clip(z.classes[c]!, 16) : String(c));
  const size = Math.max(160, Math.min(480, m * 32));
  const cell = size / m;
  const left = named ? 130 : 40;
  const top = named ? 110 : 40;
  const parts: string[] = [];
  parts.push(tag("text", { class: "axis-title", x: left + size / 2, y: 12, "text-anchor": "middle" }, "predicted →"));
  parts.push(tag("text", { class: "axis-title", x: 4, y: top - 8 }, "true ↓"));
  for (let c = 0; c < m; c++) {
    const mid = c * cell + cell / 2;
    const x = left + mid;
    const y = top - 8;
    parts.push(tag("text", { class: "tick", x, y, "text-anchor": "start", transform: `rotate(-50 ${svgNum(x)} ${svgNum(y)})` }, escapeHtml(label(c))));
    parts.push(tag("text", { class: "tick", x: left - 6, y: top + mid + 4, "text-anchor": "end" }, escapeHtml(label(c))));
  }
  const rows: string[] = [];
  for (let r = 0; r < m; r++) {
    const row = z.confusion[r] ?? [];
    const total = row.reduce((a, b) => a + b, 0);
    const cells: string[] = [];
    for (let c = 0; c < m; c++) {
      const count = row[c] ?? 0;
      const share = total > 0 ? count / total : 0;
      cells.push(
        tag("rect", {
          class: r === c ? "cell diag" : "cell",
          x: left + c * cell,
          y: top + r * cell,
          width: cell + 0.02,
          height: cell + 0.02,
          fill: diverging(share),
          "data-tip": `${clip(z.classes[r]!, 60)} → ${clip(z.classes[c]!, 60)}: ${fmtInt(count)} of ${fmtInt(total)} images`,
        }),
      );
    }
    rows.push(tag("g", { class: "row", "data-row": r }, cells.join("")));
  }
  parts.push(`<g class="cells">${rows.join("")}</g>`);
  parts.push(tag("rect", { class: "frame", x: left, y: top, width: size, height: size, fill: "none" }));
  const W = left + size + 16;
  const H = top + size + 16;
  return tag("svg", { class: "heatmap", id: "zero-shot-confusion", viewBox: `0 0 ${svgNum(W)} ${svgNum(H)}`, role: "img", "aria-label": "Zero-shot confusion matrix" }, parts.join(""));
}

function classTable(z: ReportZeroShot): string {
  const chance = 1 / z.classes.length;
  const body = z.perClass
    .map((c) => {
      const value = c.accuracy === null ? "—" : fmtScore(c.accuracy);
      const ratio = c.accuracy === null ? "—" : fmtRatio(c.accuracy / chance);
      const verdict = c.accuracy === null ? "none" : c.accuracy > chance ? "above" : c.accuracy < chance ? "below" : "near";
      return `<tr${attrs({ "data-class": c.name })}><th scope="row">${escapeHtml(c.name)}</th><td class="num">${fmtInt(c.count)}</td><td class="num value">${value}</td><td class="num chance">${fmtScore(chance)}</td><td${attrs({ class: `num ratio ${verdict}` })}>${ratio}</td></tr>`;
    })
    .join("");
  return (
    `<div class="table-wrap"><table class="metrics other zero-shot"><thead><tr><th>Class</th><th class="num">images</th><th class="num">top-1</th>` +
    `<th class="num">chance</th><th class="num">× chance</th></tr></thead><tbody>${body}</tbody></table></div>`
  );
}

export function zeroShotSection(input: ReportInput): string {
  const z = input.zeroShot;
  if (!z) return "";
  const shown = Math.min(z.classes.length, MAX_CONFUSION_N);
  const prompts = z.templates.map((t) => `“${t}”`).join(", ");
  const lead =
    `Each test image takes the class whose prompts (${prompts}) the text tower embeds closest. ` +
    `Top-1 ${fmtScore(z.top1)} (chance ${fmtScore(z.chance.top1)}), top-${z.k} ${fmtScore(z.top5)} (chance ${fmtScore(z.chance.top5)}). ` +
    `Rows are true classes, columns predictions${shown < z.classes.length ? `, the first ${shown} of ${z.classes.length}` : ""}; a trained model darkens the outlined diagonal. Hover a cell for its count.`;
  return section({ id: "zero-shot", title: "Zero-shot classification", lead, body: `<div class="figure wide heat">${confusionMatrix(z)}</div>${classTable(z)}` });
}
