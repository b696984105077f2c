// `mmc playground`'s static server and its staleness check, without a browser.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playgroundIsStale, serveStatic, type PlaygroundServer } from "../../src/cli/playground-command.js";

/** A raw GET (fetch would normalise `..` away before it reaches the server). */
function get(url: string, path: string, method = "GET"): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ...(res.headers["content-type"] ? { type: res.headers["content-type"] } : {}), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("playground static server", () => {
  let dir: string;
  let srv: PlaygroundServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mmc-pg-serve-"));
    mkdirSync(join(dir, "site", "assets"), { recursive: true });
    writeFileSync(join(dir, "site", "index.html"), "<!doctype html><title>pg</title>");
    writeFileSync(join(dir, "site", "assets", "a.wasm"), "\0asm");
    writeFileSync(join(dir, "secret.txt"), "do not serve");
    srv = await serveStatic(join(dir, "site"), 0);
  });

  afterAll(async () => {
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 and serves index.html with the right types", async () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await get(srv.url, "/");
    expect(index).toMatchObject({ status: 200, type: "text/html; charset=utf-8", body: "<!doctype html><title>pg</title>" });
    expect((await get(srv.url, "/assets/a.wasm")).type).toBe("application/wasm");
    expect((await get(srv.url, "/?x=1#spec=abc")).status).toBe(200);
    expect((await get(srv.url, "/", "HEAD")).body).toBe("");
  });

  it("answers 404 for missing files and never serves outside its folder", async () => {
    expect((await get(srv.url, "/missing.js")).status).toBe(404);
    expect((await get(srv.url, "/../secret.txt")).body).not.toContain("do not serve");
    expect((await get(srv.url, "/%2e%2e/secret.txt")).body).not.toContain("do not serve");
    expect((await get(srv.url, "/", "POST")).status).toBe(405);
  });
});

describe("playground staleness", () => {
  it("is stale without a build, fresh after one, stale again when a source changes", () => {
    const root = mkdtempSync(join(tmpdir(), "mmc-pg-stale-"));
    try {
      for (const d of ["playground/src", "src", "grammar", "specs", "playground/dist"]) mkdirSync(join(root, d), { recursive: true });
      writeFileSync(join(root, "package.json"), "{}");
      const source = join(root, "playground", "src", "main.ts");
      writeFileSync(source, "// main");
      const past = new Date(Date.now() - 60_000);
      for (const f of [source, join(root, "package.json")]) utimesSync(f, past, past);
      expect(playgroundIsStale(root)).toBe(true);
      writeFileSync(join(root, "playground", "dist", "index.html"), "built");
      expect(playgroundIsStale(root)).toBe(false);
      utimesSync(source, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
      expect(playgroundIsStale(root)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
