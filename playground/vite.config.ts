// The playground's build: a static folder (playground/dist) served by `mmc playground`.
// The compiler and the trainer run in web workers; tfjs-backend-wasm's .wasm files are
// emitted as assets and handed to setWasmPaths (no threads, so no COOP/COEP needed).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  publicDir: false,
  clearScreen: false,
  server: { host: "127.0.0.1", fs: { allow: [repo] } },
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
    sourcemap: false,
    // The build is quiet unless something is wrong (no plugin-timing report on a slow machine).
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
