import { describe, expect, it } from "vitest";
import { diverging } from "../../src/runtime/report/colors.js";
import { downsample, MAX_LINE_POINTS, type Point } from "../../src/runtime/report/downsample.js";
import { attrs, escapeHtml, scriptJson, svgNum } from "../../src/runtime/report/escape.js";
import { fmtCompact, fmtDate, fmtDuration, fmtInt, fmtRank, fmtRatio, fmtScore, tickLabels } from "../../src/runtime/report/format.js";
import { lookup, parseMetric, recallKs, verdict } from "../../src/runtime/report/metrics.js";
import { niceTicks } from "../../src/runtime/report/scale.js";
import { ema, emaSpan } from "../../src/runtime/report/smooth.js";
import { pngDataUrl } from "../../src/runtime/report/thumbnail.js";

describe("escaping", () => {
  it("escapes markup characters and drops control characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>\u0000\n`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\n");
  });
  it("builds attributes, escaping values and skipping empty ones", () => {
    expect(attrs({ a: `"><script>`, b: undefined, c: false, d: true, e: 1.23456 })).toBe(' a="&quot;&gt;&lt;script&gt;" d e="1.23"');
    expect(() => attrs({ "on x": "1" })).toThrow();
  });
  it("writes script-safe JSON", () => {
    const s = scriptJson({ t: "</script><!-- & \u2028" });
    expect(s).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(s)).toEqual({ t: "</script><!-- & \u2028" });
  });
  it("never writes NaN into geometry", () => {
    expect(svgNum(NaN)).toBe("0");
    expect(svgNum(-0.001)).toBe("0");
    expect(svgNum(12.3456)).toBe("12.35");
  });
});

describe("formatting", () => {
  it("formats scores, ranks, ratios and counts", () => {
    expect(fmtScore(0.36249)).toBe("0.362");
    expect(fmtScore(0.0002)).toBe("0.00020");
    expect(fmtScore(NaN)).toBe("—");
    expect(fmtRank(20)).toBe("20");
    expect(fmtRank(1234.56)).toBe("1,234.6");
    expect(fmtRatio(362.4)).toBe("362×");
    expect(fmtRatio(74.6)).toBe("74.6×");
    expect(fmtRatio(0.0468)).toBe("0.05×");
    expect(fmtInt(94858)).toBe("94,858");
    expect(fmtInt(-1234567)).toBe("-1,234,567");
    expect(fmtCompact(94858)).toBe("94.9 k");
    expect(fmtCompact(1.2e6)).toBe("1.20 M");
  });
  it("formats durations and dates deterministically", () => {
    expect(fmtDuration(0.25)).toBe("250 ms");
    expect(fmtDuration(42.34)).toBe("42.3 s");
    expect(fmtDuration(125)).toBe("2m 05s");
    expect(fmtDuration(3723)).toBe("1h 02m 03s");
    expect(fmtDate("2025-03-01T14:02:11.123Z")).toBe("2025-03-01 14:02:11 UTC");
    expect(fmtDate("yesterday-ish")).toBe("yesterday-ish");
  });
  it("labels one axis in one style", () => {
    expect(tickLabels([0, 0.5, 1], 0.5)).toEqual(["0", "0.5", "1.0"]);
    expect(tickLabels([0, 50, 100], 50)).toEqual(["0", "50", "100"]);
    expect(tickLabels([0, 2500, 5000], 2500)).toEqual(["0", "2,500", "5,000"]);
    expect(tickLabels([0, 2.5e-4, 5e-4, 7.5e-4, 1e-3], 2.5e-4)).toEqual(["0", "2.5e-4", "5.0e-4", "7.5e-4", "1.0e-3"]);
    expect(tickLabels([1.25e-4, 1.5e-4], 2.5e-5)).toEqual(["1.25e-4", "1.50e-4"]);
    expect(tickLabels([0.07, 0.0705, 0.071], 5e-4)).toEqual(["0.0700", "0.0705", "0.0710"]);
  });
});

describe("scales", () => {
  it("extends a domain to nice ticks", () => {
    expect(niceTicks(0.37, 4.3, 5)).toMatchObject({ lo: 0, hi: 5, step: 1, values: [0, 1, 2, 3, 4, 5] });
    expect(niceTicks(0, 0.001, 4).values).toEqual([0, 0.00025, 0.0005, 0.00075, 0.001]);
    const flat = niceTicks(3, 3);
    expect(flat.lo).toBeLessThan(3);
    expect(flat.hi).toBeGreaterThan(3);
    expect(niceTicks(NaN, Infinity).values.length).toBeGreaterThan(1);
  });
});

describe("downsampling and smoothing", () => {
  it("keeps short series and shrinks long ones to exactly max points, ends kept", () => {
    const pts: Point[] = Array.from({ length: 10_000 }, (_, i) => [i, Math.sin(i / 50) + (i === 4321 ? 50 : 0)]);
    expect(downsample(pts.slice(0, 100))).toHaveLength(100);
    const d = downsample(pts);
    expect(d).toHaveLength(MAX_LINE_POINTS);
    expect(d[0]).toEqual(pts[0]);
    expect(d[d.length - 1]).toEqual(pts[pts.length - 1]);
    expect(d.some(([x]) => x === 4321)).toBe(true); // the spike survives
    for (let i = 1; i < d.length; i++) expect(d[i]![0]).toBeGreaterThan(d[i - 1]![0]);
  });
  it("smooths with a bias-corrected EMA that starts at the first value", () => {
    const s = ema([4, 4, 4, NaN, 4], 10);
    expect(s.every((v) => Math.abs(v - 4) < 1e-12)).toBe(true);
    const r = ema([0, 10], 1); // span 1: no smoothing
    expect(r).toEqual([0, 10]);
    expect(emaSpan(300)).toBe(10);
    expect(emaSpan(50_000)).toBe(1000);
  });
});

describe("metric names", () => {
  it("reads both spellings", () => {
    expect(parseMetric("t2i_R@5")).toMatchObject({ kind: "recall", direction: "t2i", k: 5 });
    expect(parseMetric("image_to_text_R@10")).toMatchObject({ kind: "recall", direction: "i2t", k: 10 });
    expect(parseMetric("text_to_image_median_rank")).toMatchObject({ kind: "median_rank", direction: "t2i", lowerIsBetter: true });
    expect(parseMetric("i2t_mean_rank")).toMatchObject({ kind: "mean_rank", direction: "i2t" });
    expect(parseMetric("group_score")).toMatchObject({ kind: "other", label: "Group score", lowerIsBetter: false });
    expect(lookup({ "image_to_text_R@1": 0.3 }, "recall", "i2t", 1)).toBe(0.3);
    expect(lookup({ "image_to_text_R@1": 0.3 }, "recall", "t2i", 1)).toBeUndefined();
    expect(recallKs({ "t2i_R@10": 1, "i2t_R@1": 1 }, { "t2i_R@5": 1 })).toEqual([1, 5, 10]);
  });
  it("judges a value against chance in the metric's direction", () => {
    expect(verdict(0.3, 0.01, false)).toBe("above");
    expect(verdict(0.0101, 0.01, false)).toBe("near");
    expect(verdict(0.001, 0.01, false)).toBe("below");
    expect(verdict(20, 500, true)).toBe("above");
    expect(verdict(600, 500, true)).toBe("below");
    expect(verdict(undefined, 0.1, false)).toBe("none");
  });
});

describe("colours and thumbnails", () => {
  it("maps -1, 0, 1 to blue, white-ish, red", () => {
    expect(diverging(-1)).toBe("#053061");
    expect(diverging(0)).toBe("#f7f7f7");
    expect(diverging(1)).toBe("#67001f");
    expect(diverging(NaN)).toBe("#9ca3af");
  });
  it("accepts base64 PNGs, with or without the data: prefix, and nothing else", () => {
    expect(pngDataUrl("iVBORw0KGgo=")).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(pngDataUrl("data:image/png;base64,iVBO\nRw0KGgo=")).toBe("data:image/png;base64,iVBORw0KGgo=");
    expect(pngDataUrl("")).toBeUndefined();
    expect(pngDataUrl("http://x/y.png")).toBeUndefined();
    expect(pngDataUrl('abc"><img')).toBeUndefined();
  });
});
