// The mmc package folder (holds std/, specs/, playground/), found from this file whether it
// runs from src/ (tsx, vitest) or from dist/src/ (the built CLI).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("mmc: cannot find its package folder");
    dir = up;
  }
  return dir;
}
