// `mmc playground`: builds playground/ when playground/dist is missing or older than its
// sources, then serves the static folder on 127.0.0.1 and prints the URL. No COOP/COEP:
// the playground trains with single-threaded wasm (SIMD), which needs neither.
import { spawn } from "node:child_process";
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { packageRoot } from "./package-root.js";

export interface PlaygroundOptions {
  port?: number;
  open?: boolean;
  /** Build even when the folder looks fresh. */
  rebuild?: boolean;
  /** Where progress lines go (default: stderr). */
  log?: (line: string) => void;
}

export interface PlaygroundServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** The folders whose files make up the playground. */
function sourceDirs(root: string): string[] {
  return ["playground", "src", "grammar", "specs"].map((d) => path.join(root, d));
}

function newestMtime(dir: string, skip: Set<string>): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (skip.has(p) || e.name === "node_modules" || e.name.startsWith(".")) continue;
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p, skip));
    else if (e.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether playground/dist is missing or older than any of its sources. */
export function playgroundIsStale(root = packageRoot()): boolean {
  const index = path.join(root, "playground", "dist", "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const skip = new Set([path.join(root, "playground", "dist")]);
  const sources = Math.max(...sourceDirs(root).map((d) => newestMtime(d, skip)), statSync(path.join(root, "package.json")).mtimeMs);
  return sources > built;
}

/** Runs `vite build` for playground/ in a child process (into `outDir`, default playground/dist); resolves with the seconds it took. */
export function buildPlayground(root = packageRoot(), log: (line: string) => void = (l) => process.stderr.write(l + "\n"), outDir = path.join(root, "playground", "dist")): Promise<number> {
  const vite = path.join(root, "node_modules", "vite", "bin", "vite.js");
  if (!existsSync(vite)) {
    return Promise.reject(new Error("the playground is not built and vite is not installed: run `npm install` (with dev dependencies), then `npm run playground:build`"));
  }
  const t0 = performance.now();
  log("mmc: building the playground (vite build)...");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, "build", "--config", path.join(root, "playground", "vite.config.ts"), "--outDir", outDir, "--emptyOutDir"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 && existsSync(path.join(outDir, "index.html"))) resolve((performance.now() - t0) / 1000);
      else reject(new Error(`vite build failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

/** Builds if needed; returns whether it built. */
export async function ensurePlaygroundBuilt(opts: { rebuild?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  const root = packageRoot();
  if (!opts.rebuild && !playgroundIsStale(root)) return false;
  const seconds = await buildPlayground(root, opts.log);
  opts.log?.(`mmc: built the playground in ${seconds.toFixed(1)} s`);
  return true;
}

/** Serves a static folder on 127.0.0.1 (port 0: any free port). */
export function serveStatic(dir: string, port = 0): Promise<PlaygroundServer> {
  const rootDir = path.resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(rootDir, "." + rel);
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    let st;
    try {
      st = statSync(file);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    if (!st.isFile()) {
      res.writeHead(404).end();
      return;
    }
    const hashed = rel.startsWith("/assets/");
    res.writeHead(200, {
      "Content-Type": MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": st.size,
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      "X-Content-Type-Options": "nosniff",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const addr = server.address();
      const actual = typeof addr === "object" && addr ? addr.port : port;
      const url = `http://127.0.0.1:${actual}/`;
      resolve({ url, port: actual, server, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

function openBrowser(url: string): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "cmd" : "xdg-open";
  const args = process.platform === "win32" ? ["/c", "start", "", url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // no opener: the URL is printed anyway
  }
}

/** `mmc playground`: build if needed, serve, print the URL; resolves once serving. */
export async function runPlayground(opts: PlaygroundOptions = {}): Promise<PlaygroundServer> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + "\n"));
  await ensurePlaygroundBuilt({ ...(opts.rebuild ? { rebuild: true } : {}), log });
  let served: PlaygroundServer;
  try {
    served = await serveStatic(path.join(packageRoot(), "playground", "dist"), opts.port ?? 5178);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new Error(`port ${opts.port ?? 5178} is in use: pass --port <n> (0 picks a free one)`);
    throw e;
  }
  process.stdout.write(`mmc playground: ${served.url}\n`);
  if (opts.open) openBrowser(served.url);
  return served;
}
