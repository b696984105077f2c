#!/usr/bin/env node
// The published entry point: the compiled CLI lives in dist/ (built by `npm install`'s prepare step).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("mmc: the compiler is not built yet; run `npm install` (or `npm run build`) in the mmc folder\n");
  process.exit(2);
}
await import(main.href);
