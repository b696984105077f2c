// The evaluation views: the similarity matrix, the PCA scatter of image and text embeddings
// with each pair joined, and top-k retrieval examples with thumbnails. Pixels are drawn
// straight to canvases (no PNG encoding in the browser).
import type { EvalView, Thumbs } from "./protocol.js";

export class ThumbStore {
  private cache = new Map<number, HTMLCanvasElement>();
  constructor(readonly thumbs: Thumbs, readonly captions: string[]) {}

  /** A canvas holding image `i` at its own size. */
  image(i: number): HTMLCanvasElement {
    let c = this.cache.get(i);
    if (c) return c;
    const { height: h, width: w, rgba } = this.thumbs;
    c = document.createElement("canvas");
    c.width = w;
    c.height = h;
    const data = new ImageData(rgba.slice(i * h * w * 4, (i + 1) * h * w * 4), w, h);
    c.getContext("2d")!.putImageData(data, 0, 0);
    this.cache.set(i, c);
    return c;
  }

  /** A new element showing image `i` scaled up without smoothing. */
  element(i: number, size: number): HTMLCanvasElement {
    const c = document.createElement("canvas");
    c.width = this.thumbs.width;
    c.height = this.thumbs.height;
    c.getContext("2d")!.drawImage(this.image(i), 0, 0);
    c.style.width = `${size}px`;
    c.style.height = `${size}px`;
    c.className = "thumb";
    return c;
  }
}

function setupCanvas(canvas: HTMLCanvasElement, cssW: number, cssH: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.imageSmoothingEnabled = false;
  return ctx;
}

/** Cosine -1..1 to a diverging colour (blue, white, orange-red). */
function heat(v: number): string {
  const t = Math.max(-1, Math.min(1, v));
  const lerp = (a: number, b: number, x: number) => Math.round(a + (b - a) * x);
  if (t >= 0) return `rgb(${lerp(248, 220, t)},${lerp(250, 60, t)},${lerp(252, 40, t)})`;
  return `rgb(${lerp(248, 37, -t)},${lerp(250, 99, -t)},${lerp(252, 235, -t)})`;
}

export interface Tip {
  show(x: number, y: number, html: string): void;
  hide(): void;
}

export function drawSimilarity(canvas: HTMLCanvasElement, v: EvalView, store: ThumbStore, tip: Tip): void {
  const n = v.sim.n;
  const width = canvas.parentElement!.getBoundingClientRect().width;
  const thumb = Math.max(10, Math.min(22, Math.floor((width - 40) / (n + 1))));
  const left = thumb + 6;
  const topPad = thumb + 6;
  const size = left + n * thumb + 2;
  const ctx = setupCanvas(canvas, size, topPad + n * thumb + 2);
  ctx.clearRect(0, 0, size, size);
  for (let j = 0; j < n; j++) ctx.drawImage(store.image(j), left + j * thumb + 1, 1, thumb - 2, thumb - 2);
  ctx.fillStyle = "#475569";
  ctx.font = `${Math.min(10, thumb - 4)}px system-ui, sans-serif`;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let i = 0; i < n; i++) {
    ctx.fillText(`T${i}`, left - 3, topPad + i * thumb + thumb / 2);
    for (let j = 0; j < n; j++) {
      ctx.fillStyle = heat(v.sim.scores[i * n + j]!);
      ctx.fillRect(left + j * thumb, topPad + i * thumb, thumb - 1, thumb - 1);
    }
    ctx.fillStyle = "#475569";
  }
  // The matching pairs: the diagonal.
  ctx.strokeStyle = "rgba(15, 23, 42, 0.55)";
  ctx.lineWidth = 1;
  for (let i = 0; i < n; i++) ctx.strokeRect(left + i * thumb + 0.5, topPad + i * thumb + 0.5, thumb - 2, thumb - 2);
  canvas.onmousemove = (e) => {
    const r = canvas.getBoundingClientRect();
    const j = Math.floor((e.clientX - r.left - left) / thumb);
    const i = Math.floor((e.clientY - r.top - topPad) / thumb);
    if (i < 0 || j < 0 || i >= n || j >= n) return tip.hide();
    const s = v.sim.scores[i * n + j]!;
    tip.show(e.clientX, e.clientY, `<b>text ${i}</b> “${esc(store.captions[i]!)}”<br><b>image ${j}</b> “${esc(store.captions[j]!)}”<br>cosine <b>${s.toFixed(3)}</b>${i === j ? " · its pair" : ""}`);
  };
  canvas.onmouseleave = () => tip.hide();
}

export function drawPca(canvas: HTMLCanvasElement, v: EvalView, store: ThumbStore, tip: Tip): void {
  const n = v.pca.n;
  const w = Math.max(200, canvas.parentElement!.getBoundingClientRect().width - 2);
  const h = Math.min(320, Math.round(w * 0.75));
  const ctx = setupCanvas(canvas, w, h);
  ctx.clearRect(0, 0, w, h);
  const c = v.pca.coords;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < 2 * n; i++) {
    minX = Math.min(minX, c[2 * i]!);
    maxX = Math.max(maxX, c[2 * i]!);
    minY = Math.min(minY, c[2 * i + 1]!);
    maxY = Math.max(maxY, c[2 * i + 1]!);
  }
  const pad = 14;
  const sx = (x: number) => pad + ((x - minX) / (maxX - minX || 1)) * (w - 2 * pad);
  const sy = (y: number) => h - pad - ((y - minY) / (maxY - minY || 1)) * (h - 2 * pad);
  const pts: { x: number; y: number; i: number; kind: "image" | "text" }[] = [];
  ctx.strokeStyle = "rgba(100, 116, 139, 0.35)";
  ctx.lineWidth = 1;
  for (let i = 0; i < n; i++) {
    const ix = sx(c[2 * i]!), iy = sy(c[2 * i + 1]!);
    const tx = sx(c[2 * (n + i)]!), ty = sy(c[2 * (n + i) + 1]!);
    ctx.beginPath();
    ctx.moveTo(ix, iy);
    ctx.lineTo(tx, ty);
    ctx.stroke();
    pts.push({ x: ix, y: iy, i, kind: "image" }, { x: tx, y: ty, i, kind: "text" });
  }
  for (const p of pts) {
    ctx.beginPath();
    if (p.kind === "image") {
      ctx.fillStyle = "#2563eb";
      ctx.arc(p.x, p.y, 3.6, 0, Math.PI * 2);
      ctx.fill();
    } else {
      ctx.fillStyle = "#ffffff";
      ctx.strokeStyle = "#ea580c";
      ctx.lineWidth = 1.6;
      ctx.rect(p.x - 3, p.y - 3, 6, 6);
      ctx.fill();
      ctx.stroke();
    }
  }
  ctx.fillStyle = "#94a3b8";
  ctx.font = "10px system-ui, sans-serif";
  ctx.textAlign = "right";
  ctx.fillText(`PC1 ${(v.pca.explained[0] * 100).toFixed(0)}% · PC2 ${(v.pca.explained[1] * 100).toFixed(0)}% of variance`, w - 4, h - 3);
  canvas.onmousemove = (e) => {
    const r = canvas.getBoundingClientRect();
    const mx = e.clientX - r.left, my = e.clientY - r.top;
    let best: (typeof pts)[number] | undefined;
    let bd = 64;
    for (const p of pts) {
      const d = (p.x - mx) ** 2 + (p.y - my) ** 2;
      if (d < bd) {
        bd = d;
        best = p;
      }
    }
    if (!best) return tip.hide();
    tip.show(e.clientX, e.clientY, `<b>${best.kind} ${best.i}</b><br>“${esc(store.captions[best.i]!)}”`);
  };
  canvas.onmouseleave = () => tip.hide();
}

export function renderTopK(host: HTMLElement, v: EvalView, store: ThumbStore): void {
  host.replaceChildren();
  for (const q of v.topk) {
    const row = document.createElement("div");
    row.className = "topk-row";
    const cap = document.createElement("div");
    cap.className = "topk-query";
    cap.innerHTML = `<span class="q">“${esc(store.captions[q.query]!)}”</span>`;
    row.append(cap);
    const hits = document.createElement("div");
    hits.className = "topk-hits";
    q.hits.forEach((hit, rank) => {
      const cell = document.createElement("figure");
      cell.className = `hit${hit.correct ? " correct" : ""}`;
      cell.title = `#${rank + 1} “${store.captions[hit.index]}” (cosine ${hit.score.toFixed(3)})`;
      cell.append(store.element(hit.index, 48));
      const fc = document.createElement("figcaption");
      fc.textContent = hit.score.toFixed(2);
      cell.append(fc);
      hits.append(cell);
    });
    row.append(hits);
    host.append(row);
  }
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
