// report.html: renderReport(input) -> one self-contained HTML page for a training run.
export { renderReport, SECTIONS } from "./render.js";
export { MAX_LINE_POINTS } from "./downsample.js";
export { MAX_PCA_PAIRS } from "./sections/embedding.js";
export { MAX_HEATMAP_N } from "./sections/similarity.js";
export type { ReportEval, ReportExample, ReportInput, ReportStep } from "./types.js";
