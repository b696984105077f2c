// `npm run package:vscode`: compiles the VS Code client (editors/vscode/src -> out/) and zips
// the extension, its generated grammar and its run-time npm packages into
// editors/vscode/<name>-<version>.vsix, laid out as vsce lays one out (vsce needs Node 22).
// Install it with `code --install-extension editors/vscode/mmc-vscode-0.1.0.vsix`.
// Zipping uses the system `zip`; without it, zip the staging folder printed below by hand.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { contentTypes, runtimePackages, vsixManifest, type ExtensionManifest } from "./vsix.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXT = path.join(ROOT, "editors", "vscode");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(EXT, "tsconfig.json")], { stdio: "inherit" });

const pkg = JSON.parse(readFileSync(path.join(EXT, "package.json"), "utf8")) as ExtensionManifest;
const stage = mkdtempSync(path.join(os.tmpdir(), "mmc-vsix-"));
const into = path.join(stage, "extension");
for (const f of ["package.json", "language-configuration.json", "syntaxes", "out"]) cpSync(path.join(EXT, f), path.join(into, f), { recursive: true });
// Each run-time package keeps its place under node_modules, so Node resolves it in the extension as here.
const modules = path.join(ROOT, "node_modules");
for (const dir of runtimePackages(Object.keys(pkg.dependencies ?? {}), EXT)) {
  cpSync(dir, path.join(into, "node_modules", path.relative(modules, dir)), { recursive: true });
}
writeFileSync(path.join(stage, "extension.vsixmanifest"), vsixManifest(pkg));
writeFileSync(path.join(stage, "[Content_Types].xml"), contentTypes([...filesUnder(stage), "extension.vsixmanifest"]));

const vsix = path.join(EXT, `${pkg.name}-${pkg.version}.vsix`);
rmSync(vsix, { force: true });
try {
  execFileSync("zip", ["-q", "-r", "-X", vsix, "."], { cwd: stage, stdio: "inherit" });
} catch (e) {
  process.stderr.write(`package:vscode: zip failed (${(e as Error).message}); zip the contents of ${stage} into ${vsix} by hand\n`);
  process.exit(1);
}
rmSync(stage, { recursive: true, force: true });
process.stdout.write(`wrote ${path.relative(process.cwd(), vsix)}\n`);
