// Section 6: retrieval examples. A caption is the query; its top-k images follow, hits
// outlined green and misses red, each with its score, then the image it should find.
import { clip, escapeHtml } from "../escape.js";
import { fmtFixed, fmtInt } from "../format.js";
import { emptyState, section } from "../layout.js";
import { thumbnail } from "../thumbnail.js";
import type { ReportExample, ReportInput } from "../types.js";

function outcome(ex: ReportExample): string {
  const first = ex.retrieved.findIndex((r) => r.hit);
  if (first === 0) return `<span class="pill hit">hit at rank 1</span>`;
  if (first > 0) return `<span class="pill near">first hit at rank ${first + 1}</span>`;
  return `<span class="pill miss">not in top ${fmtInt(ex.retrieved.length)}</span>`;
}

function example(ex: ReportExample, n: number): string {
  const shots = ex.retrieved
    .map((r, i) => {
      const tip = `#${i + 1} · image ${r.index} · score ${fmtFixed(r.score, 3)}${r.hit ? " · hit" : " · miss"}\n${clip(r.caption)}`;
      const img = thumbnail(r.thumbnail, `retrieved image ${r.index}`, "thumb", tip);
      return (
        `<li class="shot ${r.hit ? "hit" : "miss"}" data-hit="${r.hit ? "true" : "false"}">${img}` +
        `<span class="score">${escapeHtml(fmtFixed(r.score, 3))}</span><span class="rank">#${i + 1}</span></li>`
      );
    })
    .join("");
  const target = thumbnail(ex.targetThumbnail, `target image ${ex.target}`, "thumb", `target: image ${ex.target}\n${clip(ex.caption)}`);
  return (
    `<article class="example" data-example="${n}">` +
    `<div class="query"><span class="label">Query</span><q>${escapeHtml(ex.caption)}</q>${outcome(ex)}</div>` +
    `<div class="strip"><ol class="shots">${shots}</ol>` +
    `<div class="target"><span class="label">Target</span>${target}<span class="score">image ${escapeHtml(String(ex.target))}</span></div></div>` +
    `</article>`
  );
}

export function examplesSection(input: ReportInput): string {
  const k = Math.max(0, ...input.examples.map((e) => e.retrieved.length));
  return section({
    id: "examples",
    title: "Retrieval examples",
    lead: input.examples.length > 0 ? `Text → image: each caption's top ${k} test images, best first, with cosine scores. Green: a correct image; red: a wrong one.` : undefined,
    body:
      input.examples.length > 0
        ? `<div class="examples">${input.examples.map((e, i) => example(e, i)).join("")}</div>`
        : emptyState("No retrieval examples were recorded."),
  });
}
