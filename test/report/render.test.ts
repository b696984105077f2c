import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { MAX_HEATMAP_N, MAX_LINE_POINTS, MAX_PCA_PAIRS, renderReport, SECTIONS } from "../../src/runtime/report/index.js";
import type { ReportInput } from "../../src/runtime/report/types.js";
import { assertBalanced, attr, pointCount, sectionById, tagsWith, withoutRawText } from "./html.js";
import { EVIL, sampleInput } from "./fixture.js";

const input = sampleInput({ steps: 300, pairs: 50, n: 16 });
const html = renderReport(input);

function lossPolyline(page: string): string {
  const [line] = tagsWith(page, "polyline", 'data-series="loss-raw"');
  expect(line).toBeDefined();
  return attr(line!, "points")!;
}

describe("renderReport: one self-contained document", () => {
  it("is a single well-formed HTML document", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    for (const t of ["<html", "<head", "<body", "</head", "</html", "</body"]) {
      expect(html.match(new RegExp(`${t}[\\s>]`, "g")), t).toHaveLength(1);
    }
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    assertBalanced(html);
  });

  it("loads nothing from the network", () => {
    const refs = [...html.matchAll(/\s(?:src|href|xlink:href|action|poster)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r, r).toMatch(/^(#|data:)/);
    expect(html).not.toMatch(/<script\b[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b[^>]*rel="stylesheet"/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    // The only http(s) text is the SVG namespace the tooltip script passes to createElementNS.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;`);
  });

  it("has every section, each with its id and heading", () => {
    for (const [id] of SECTIONS) expect(html, id).toMatch(new RegExp(`<(section|header)\\b[^>]*\\sid="${id}"[^>]*data-section="${id}"`));
    for (const h of ["Final metrics", "Training", "Joint embedding space (PCA)", "Similarity matrix", "Retrieval examples", "Spec source"]) {
      expect(html).toContain(`<h2>${h.replace("&", "&amp;")}</h2>`);
    }
    // Nav links point at the sections.
    for (const [id] of SECTIONS) expect(html).toContain(`<a href="#${id}">`);
  });

  it("escapes every caption, the model name and the spec", () => {
    const evil = renderReport({ ...input, model: `m<b>"x"</b>`, backend: "<i>cpu</i>" });
    const scripts = [...evil.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    // The tooltip script plus one JSON block per line chart, nothing else.
    expect(scripts.filter((s) => s === "<script>")).toHaveLength(1);
    expect(scripts.filter((s) => s !== "<script>").every((s) => s === '<script type="application/json" class="chart-data">')).toBe(true);
    expect(evil).not.toContain("<script>alert");
    expect(evil).not.toContain("<b>");
    expect(evil).not.toContain("<i>cpu");
    expect(evil).toContain("m&lt;b&gt;&quot;x&quot;&lt;/b&gt;");
    expect(evil).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &quot;too&quot;");
    // The evil caption is item 3: in the PCA plot, the heat map, an example query and the spec.
    expect(sectionById(evil, "embedding")).toContain("&lt;script&gt;alert");
    expect(sectionById(evil, "similarity")).toContain("text 3: &lt;script&gt;alert");
    expect(sectionById(evil, "examples")).toContain("<q>&lt;script&gt;alert(&quot;pwned&quot;)");
    expect(sectionById(evil, "spec")).toContain("Caption test: &lt;script&gt;");
    // No raw < or > inside any attribute value.
    for (const m of withoutRawText(evil).matchAll(/="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<>]/);
    // The JSON blocks cannot close their script element.
    for (const m of evil.matchAll(/<script type="application\/json" class="chart-data">([\s\S]*?)<\/script>/g)) {
      expect(m[1]).not.toMatch(/[<>&]/);
      expect(() => JSON.parse(m[1]!)).not.toThrow();
    }
  });
});

describe("renderReport: header", () => {
  it("shows model, status, backend, steps, time, throughput, parameters and start", () => {
    const header = sectionById(html, "summary");
    expect(header).toContain("<h1>simple</h1>");
    expect(header).toContain('data-status="completed"');
    expect(header).toContain("tensorflow (cpu)");
    expect(header).toContain("<dd>300</dd>");
    expect(header).toContain("3m 07s");
    expect(header).toMatch(/Samples \/ s<\/dt><dd>2,\d{3}<\/dd>/);
    expect(header).toContain("94,858");
    expect(header).toContain("2025-03-01 14:02:11 UTC");
    expect(header).not.toContain("Interrupted run");
  });

  it("marks an interrupted run in the title, badge and a banner", () => {
    const page = renderReport(sampleInput({ status: "interrupted" }));
    const header = sectionById(page, "summary");
    expect(page).toMatch(/<title>simple · mmc report \(interrupted\)<\/title>/);
    expect(header).toContain('class="card hero interrupted"');
    expect(header).toContain('data-status="interrupted"');
    expect(header).toContain('role="alert"');
    expect(header).toContain("Interrupted run.");
    expect(header).toContain("at step 192 of 300 (64%)");
    expect(header).toContain('<div class="progress"');
    expect(header).toContain('192 <span class="of">/ 300</span>');
    expect(html).not.toContain("(interrupted)");
  });
});

describe("renderReport: final metrics", () => {
  const table = sectionById(html, "metrics");

  it("lists recall@1/5/10 both ways, ranks and group scores beside chance and × chance", () => {
    const row = (name: string) => {
      const m = new RegExp(`<tr data-metric="${name}">([\\s\\S]*?)</tr>`).exec(table);
      expect(m, name).not.toBeNull();
      return [...m![1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]);
    };
    const last = input.evals[input.evals.length - 1]!.metrics;
    const r1 = row("R@1");
    expect(r1).toEqual([last["t2i_R@1"]!.toFixed(3), "0.001", `${Math.round(last["t2i_R@1"]! / 0.001)}×`, last["i2t_R@1"]!.toFixed(3), "0.001", `${Math.round(last["i2t_R@1"]! / 0.001)}×`]);
    expect(row("R@5")).toHaveLength(6);
    expect(row("R@10")[1]).toBe("0.010");
    expect(row("median_rank")[1]).toBe("500");
    expect(row("mean_rank")).toEqual(["23.4", "500.5", "0.05×", "27.9", "500.5", "0.06×"]);
    expect(row("group_score")).toEqual([last.group_score!.toFixed(3), "0.250", `${(last.group_score! / 0.25).toFixed(2)}×`]);
    expect(row("group_strict")[0]).toBe("0.183");
    // Beating chance is green for recalls (higher) and for ranks (lower).
    expect(table).toMatch(/<tr data-metric="R@1">[\s\S]*?class="num ratio above"/);
    expect(table).toMatch(/<tr data-metric="mean_rank">[\s\S]*?class="num ratio above"/);
  });

  it("understands flattenRetrieval's long metric names", () => {
    const page = renderReport({
      ...input,
      final: { "text_to_image_R@1": 0.25, "image_to_text_R@1": 0.5, text_to_image_median_rank: 3, mean_recall: 0.4 },
      chance: { "text_to_image_R@1": 0.01, "image_to_text_R@1": 0.01 },
    });
    const t = sectionById(page, "metrics");
    expect(t).toMatch(/<tr data-metric="R@1">.*0\.250.*0\.010.*25\.0×.*0\.500.*0\.010.*50\.0×/s);
    expect(t).toContain('<tr data-metric="mean_recall">');
    expect(t).toContain("Mean recall");
  });
});

describe("renderReport: training charts", () => {
  it("draws the raw loss with one point per history entry, plus its EMA", () => {
    expect(pointCount(lossPolyline(html))).toBe(input.history.length);
    const [ema] = tagsWith(html, "polyline", 'data-series="loss-ema"');
    expect(pointCount(attr(ema!, "points")!)).toBe(input.history.length);
    expect(html).toContain("EMA (span 10)");
  });

  it("downsamples long histories to MAX_LINE_POINTS and says so", () => {
    const page = renderReport(sampleInput({ steps: 5000, evalEvery: 1000 }));
    expect(pointCount(lossPolyline(page))).toBe(MAX_LINE_POINTS);
    expect(page).toContain(`5,000 logged steps drawn as ${MAX_LINE_POINTS.toLocaleString("en-US")} points`);
  });

  it("leaves out non-finite losses and says how many", () => {
    const history = input.history.map((h, i) => (i === 10 ? { ...h, loss: NaN } : i === 11 ? { ...h, loss: Infinity } : h));
    const page = renderReport({ ...input, history });
    expect(pointCount(lossPolyline(page))).toBe(input.history.length - 2);
    expect(page).toContain("2 non-finite loss values");
    expect(page).not.toMatch(/points="[^"]*NaN/);
  });

  it("has axes, ticks, labels and a legend on every chart", () => {
    const charts = [...html.matchAll(/<svg class="line-chart"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(charts.length).toBe(6); // loss, temperature, lr, t2i recall, i2t recall, group
    for (const c of charts) {
      expect(c).toContain('class="axis-title"');
      expect(c.match(/class="tick"/g)!.length).toBeGreaterThan(4);
      expect(c).toContain('class="legend"');
      expect(c).toMatch(/>step<\/text>/);
    }
    for (const id of ["chart-loss", "chart-temperature", "chart-lr", "chart-t2i-recall", "chart-i2t-recall", "chart-group"]) {
      expect(html).toContain(`id="${id}"`);
    }
  });

  it("draws recall@k per eval with a dashed chance line at input.chance", () => {
    const chart = /<svg class="line-chart" id="chart-t2i-recall"[\s\S]*?<\/svg>/.exec(html)![0];
    const [r1] = tagsWith(chart, "polyline", 'data-series="t2i-R@1"');
    expect(pointCount(attr(r1!, "points")!)).toBe(input.evals.length);
    const chance = tagsWith(chart, "polyline", "-chance");
    expect(chance).toHaveLength(3);
    for (const c of chance) expect(c).toContain('stroke-dasharray="5 4"');
    expect(chart).toContain("chance (dashed)");
  });

  it("draws a single evaluation as markers with whole-step ticks and full-width chance lines", () => {
    const one = sampleInput({ steps: 60, evalEvery: 60 });
    expect(one.evals).toHaveLength(1);
    const chart = /<svg class="line-chart" id="chart-t2i-recall"[\s\S]*?<\/svg>/.exec(renderReport(one))![0];
    expect(chart.match(/<circle class="marker"/g)).toHaveLength(3);
    const xTicks = [...chart.matchAll(/<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(xTicks).toEqual(["59", "60", "61"]);
    for (const c of tagsWith(chart, "polyline", "-chance")) {
      const xs = attr(c, "points")!.split(" ").map((p) => Number(p.split(",")[0]));
      expect(xs[1]! - xs[0]!).toBeGreaterThan(400); // spans the plot, not a zero-length line
    }
  });

  it("skips the temperature chart when no step has one", () => {
    const page = renderReport(sampleInput({ temperature: false }));
    expect(page).not.toContain('id="chart-temperature"');
    expect(page).toContain('id="chart-lr"');
  });
});

describe("renderReport: embedding, similarity, examples, spec", () => {
  it("plots every PCA pair: an image circle, a text square and a joining line, captions as tooltips", () => {
    const pca = sectionById(html, "embedding");
    expect(pca.match(/<circle class="pt img"/g)).toHaveLength(50);
    expect(pca.match(/<rect class="pt txt"/g)).toHaveLength(50);
    expect(pca.match(/<line class="pair" data-pair=/g)).toHaveLength(50);
    expect(pca).toContain(`data-tip="image 0\n${input.pca.captions[0]}"`);
    expect(pca).toContain("PC 1 (31.2% of variance)");
  });

  it("caps the PCA plot at MAX_PCA_PAIRS", () => {
    const pca = sectionById(renderReport(sampleInput({ pairs: 260 })), "embedding");
    expect(pca.match(/<circle class="pt img"/g)).toHaveLength(MAX_PCA_PAIRS);
    expect(pca).toContain(`${MAX_PCA_PAIRS} image–caption pairs of 260`);
  });

  it("draws the n x n similarity matrix with a colour legend and caption row tooltips", () => {
    const sim = sectionById(html, "similarity");
    expect(sim.match(/<rect class="cell( diag)?"/g)).toHaveLength(16 * 16);
    expect(sim.match(/<rect class="cell diag"/g)).toHaveLength(16);
    expect(sim.match(/<g class="row" data-row="\d+" data-tip="text \d+: /g)).toHaveLength(16);
    expect(sim).toContain('<linearGradient id="heat-gradient"');
    expect(sim).toContain(">cosine</text>");
    // Strongly positive cells are red, negative ones blue.
    const diag = tagsWith(sim, "rect", 'class="cell diag"')[0]!;
    const fill = attr(diag, "fill")!;
    expect(parseInt(fill.slice(1, 3), 16)).toBeGreaterThan(parseInt(fill.slice(5, 7), 16));
  });

  it("caps the heat map at MAX_HEATMAP_N", () => {
    const n = MAX_HEATMAP_N + 6;
    const page = renderReport({ ...input, similarity: { n, values: Array.from({ length: n * n }, (_, i) => Math.sin(i)), captions: [] } });
    expect(sectionById(page, "similarity").match(/<rect class="cell( diag)?"/g)).toHaveLength(MAX_HEATMAP_N ** 2);
  });

  it("shows each example's query, top-k thumbnails outlined by hit or miss with scores, and the target", () => {
    const ex = sectionById(html, "examples");
    expect(ex.match(/<article class="example"/g)).toHaveLength(3);
    for (const e of input.examples) {
      expect(ex.match(new RegExp(`data-tip="#1 · image ${e.retrieved[0]!.index} `, "g"))).not.toBeNull();
    }
    expect(ex.match(/<li class="shot hit"/g)).toHaveLength(3);
    expect(ex.match(/<li class="shot miss"/g)).toHaveLength(12);
    expect(ex.match(/<img /g)).toHaveLength(18);
    for (const img of tagsWith(ex, "img", "")) {
      expect(attr(img, "src")).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      expect(img).toContain('class="thumb"');
    }
    expect(ex).toContain(`<span class="score">${input.examples[0]!.retrieved[0]!.score.toFixed(3)}</span>`);
    expect(ex).toContain('<span class="label">Target</span>');
    expect(html).toContain("image-rendering:pixelated");
  });

  it("decodes: the thumbnails are the PNGs that were given", () => {
    const ex = sectionById(html, "examples");
    const src = attr(tagsWith(ex, "img", "")[0]!, "src")!;
    const png = PNG.sync.read(Buffer.from(src.split(",")[1]!, "base64"));
    expect([png.width, png.height]).toEqual([16, 16]);
  });

  it("drops malformed thumbnails instead of writing them into src", () => {
    const bad = structuredClone(input.examples[0]!);
    bad.retrieved[0]!.thumbnail = `" onerror="alert(1)`;
    bad.targetThumbnail = "https://example.com/x.png";
    const page = renderReport({ ...input, examples: [bad] });
    const ex = sectionById(page, "examples");
    expect(ex).not.toContain("onerror");
    expect(ex).not.toContain("example.com");
    expect(ex.match(/class="thumb missing"/g)).toHaveLength(2);
  });

  it("puts the spec source in a <pre>, line by line", () => {
    const spec = sectionById(html, "spec");
    expect(spec).toContain('<pre class="spec"><code>');
    expect(spec.match(/<span class="line">/g)).toHaveLength(input.specText.trimEnd().split("\n").length);
    expect(spec).toContain('<span class="comment">// bag of words</span>');
    expect(spec).toContain("loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)");
  });
});

describe("renderReport: sparse input", () => {
  it("renders an empty run with a note in every section", () => {
    const empty: ReportInput = {
      model: "empty",
      specText: "",
      backend: "cpu",
      startedAt: "not a date",
      seconds: 0.25,
      steps: 0,
      status: "interrupted",
      final: {},
      chance: {},
      history: [],
      evals: [],
      pca: { images: [], texts: [], captions: [] },
      similarity: { n: 0, values: [], captions: [] },
      examples: [],
      paramCount: 0,
    };
    const page = renderReport(empty);
    assertBalanced(page);
    for (const [id] of SECTIONS) expect(page).toContain(`id="${id}"`);
    expect(page.match(/<p class="empty">/g)).toHaveLength(6);
    expect(page).toContain("not a date");
    expect(page).toContain("250 ms");
    expect(page).not.toContain("<svg");
  });

  it("handles a single eval and a single step", () => {
    const one = sampleInput({ steps: 1, evalEvery: 1 });
    const page = renderReport(one);
    assertBalanced(page);
    expect(pointCount(lossPolyline(page))).toBe(1);
    expect(page).not.toMatch(/NaN|Infinity/);
  });
});
