#!/usr/bin/env bash
# WebGPU through Dawn on a real GPU (the NVIDIA Vulkan driver) against the CPU (wasm) path:
# steps/s of the seed spec (specs/simple.mm, batch 64, Adam), in one short call on a lent
# GPU machine, which has no network and perhaps no Node or Vulkan loader. So it runs from a
# pack built here:
#
#   bash bench/gpu.sh pack    # here, with npm deps installed: writes scratch/gpu-pack (~50 MB):
#                             # the bench bundled into one file, Dawn (dawn.node), tfjs's .wasm,
#                             # this machine's node (xz) and Debian's Vulkan loader packages
#   bash bench/gpu.sh         # there: device run(command="bash bench/gpu.sh", carry=["scratch/gpu-pack"])
#   bash bench/gpu.sh check   # a dry run anywhere: the same steps with tiny sizes, any adapter
#                             # (here: the SwiftShader CPU adapter from Debian's chromium)
#
# Settings (environment): ROUNDS=2 STEPS=20 WARMUP=3 BATCH=64 STEP_TIMEOUT=240.
# Rounds alternate webgpu and wasm (noise on shared machines is large); the summary gives
# each backend's median steps/s and their ratio, and writes gpu-bench.json to $OUT (the
# device machine's folder that comes back) or scratch/.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PACK=$ROOT/scratch/gpu-pack
MODE=${1:-run}
say() { printf 'gpu.sh: %s\n' "$*" >&2; }

pack() {
  [ -d node_modules/@tensorflow/tfjs ] || { say "pack needs the npm dependencies here: run npm ci first"; exit 1; }
  rm -rf "$PACK" && mkdir -p "$PACK/node_modules/webgpu/dist/linux-x64" "$PACK/deb"
  # One ESM file; CommonJS parts (tfjs-backend-wasm) get require/__dirname from the banner,
  # so they find the .wasm files copied beside it.
  npx esbuild bench/gpu-steps.ts --bundle --platform=node --format=esm --target=node20 --log-level=error \
    --outfile="$PACK/gpu-steps.mjs" --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
    --banner:js="import { createRequire as __mmcRequire } from 'node:module'; import { fileURLToPath as __mmcPath } from 'node:url'; const require = __mmcRequire(import.meta.url); const __filename = __mmcPath(import.meta.url); const __dirname = __filename.replace(/\/[^/]*\$/, '');" \
    || { say "esbuild failed"; exit 1; }
  cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$PACK/"
  cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$PACK/node_modules/webgpu/"
  cp node_modules/webgpu/dist/linux-x64/dawn.node "$PACK/node_modules/webgpu/dist/linux-x64/"
  say "compressing $(command -v node) ($(node -v)); a minute or two"
  xz -T0 -3 -c "$(command -v node)" >"$PACK/node.xz"
  node -v >"$PACK/node.version"
  # The Vulkan loader and GL vendor-neutral dispatch that NVIDIA's Vulkan driver loads through.
  (cd "$PACK/deb" && apt-get download libvulkan1 libglvnd0 libglx0 libegl1 >/dev/null 2>&1) \
    || say "apt-get download failed: the pack has no Vulkan loader packages (fine if the GPU machine has libvulkan.so.1)"
  du -sh "$PACK" | sed 's/^/gpu.sh: pack size /' >&2
  say "carry scratch/gpu-pack (the device tool's carry) and run: bash bench/gpu.sh"
}

find_node() {
  local v
  if command -v node >/dev/null 2>&1; then
    v=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    if [ "$v" -ge 20 ]; then NODE=$(command -v node); return; fi
    say "node $(node -v) here is older than 20"
  fi
  if [ -f "$PACK/node.xz" ]; then
    say "unpacking the pack's node $(cat "$PACK/node.version" 2>/dev/null)"
    if command -v xz >/dev/null 2>&1; then xz -dc "$PACK/node.xz" >/tmp/mmc-node
    else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$PACK/node.xz" /tmp/mmc-node
    fi && chmod +x /tmp/mmc-node && NODE=/tmp/mmc-node && return
  fi
  say "no Node.js >= 20 on this machine and none in $PACK: run 'bash bench/gpu.sh pack' where npm works, and carry scratch/gpu-pack"
  exit 1
}

find_runner() {
  if [ -f "$PACK/gpu-steps.mjs" ]; then RUNNER=("$NODE" "$PACK/gpu-steps.mjs"); return; fi
  if [ -d node_modules/tsx ]; then RUNNER=("$NODE" --import tsx bench/gpu-steps.ts); return; fi
  say "neither $PACK/gpu-steps.mjs nor node_modules: run 'bash bench/gpu.sh pack' here first and carry scratch/gpu-pack"
  exit 1
}

has_loader() { ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 ' || [ -e "${LD_LIBRARY_PATH:-/nonexistent}/libvulkan.so.1" ]; }

setup_vulkan() {
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
  if ! has_loader; then
    # Only on a GPU machine (lent, throwaway): never unpack into / of a development machine.
    if ls "$PACK"/deb/*.deb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v nvidia-smi >/dev/null 2>&1; then
      say "no Vulkan loader here: unpacking the pack's Debian packages ($(ls "$PACK"/deb | tr '\n' ' '))"
      for f in "$PACK"/deb/*.deb; do dpkg -x "$f" /; done
      ldconfig
    fi
  fi
  has_loader || say "still no libvulkan.so.1: webgpu will report it (carry the pack, or install libvulkan1)"
  local icd=""
  if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
    for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/icd.d/nvidia_icd.json; do
      [ -f "$f" ] && { icd=$f; break; }
    done
    if [ -n "$icd" ]; then export VK_ICD_FILENAMES=$icd VK_DRIVER_FILES=$icd; fi
  fi
  [ -d /usr/local/nvidia/lib64 ] && export LD_LIBRARY_PATH=/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  say "Vulkan driver manifest: ${VK_ICD_FILENAMES:-${VK_DRIVER_FILES:-(the loader default folders)}}"
  if command -v nvidia-smi >/dev/null 2>&1; then nvidia-smi -L 2>&1 | sed 's/^/gpu.sh: /' >&2; else say "no nvidia-smi: not an NVIDIA machine"; fi
}

# One backend once: prints its human line, appends its RESULT json to $RESULTS.
one() {
  local backend=$1 out rc
  out=$(timeout "$STEP_TIMEOUT" "${RUNNER[@]}" --backend "$backend" --steps "$STEPS" --warmup "$WARMUP" --batch "$BATCH" 2>"$LOGDIR/$backend.err")
  rc=$?
  grep -v '^RESULT ' <<<"$out"
  if [ $rc -eq 124 ]; then say "$backend: stopped after ${STEP_TIMEOUT}s (STEP_TIMEOUT)"; fi
  if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then say "$backend failed (exit $rc); its stderr:"; tail -5 "$LOGDIR/$backend.err" >&2; fi
  if [ $rc -eq 3 ]; then grep -E 'gpu-steps:|help:' "$LOGDIR/$backend.err" >&2; fi
  sed -n 's/^RESULT //p' <<<"$out" | sed "s/^{/{\"round\":$ROUND,/" >>"$RESULTS"
}

run() {
  find_node
  find_runner
  setup_vulkan
  say "node $("$NODE" -v); $ROUNDS rounds of $STEPS steps (after $WARMUP warm-up), batch $BATCH, each backend in its own process"
  LOGDIR=$(mktemp -d)
  RESULTS=$LOGDIR/results.jsonl
  : >"$RESULTS"
  for ROUND in $(seq 1 "$ROUNDS"); do
    one webgpu
    one wasm
  done
  local dest=${OUT:-$ROOT/scratch}
  mkdir -p "$dest"
  "$NODE" - "$RESULTS" "$dest/gpu-bench.json" <<'JS'
const fs = require("node:fs");
const [src, dest] = process.argv.slice(2);
const rows = fs.readFileSync(src, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN; };
const of = (b) => rows.filter((r) => r.backend === b && !r.unavailable);
const gpu = of("webgpu"), cpu = of("wasm");
const summary = {
  webgpu: { device: gpu[0]?.device, stepsPerSec: median(gpu.map((r) => r.stepsPerSec)), runs: gpu.length },
  wasm: { device: cpu[0]?.device, stepsPerSec: median(cpu.map((r) => r.stepsPerSec)), runs: cpu.length },
  unavailable: rows.filter((r) => r.unavailable).map((r) => `${r.unavailable} (${r.help})`),
  rows,
};
// Pair by round: the ratio of each round's two runs, then the median of those.
const ratios = gpu.map((g) => { const c = cpu.find((r) => r.round === g.round); return c ? g.stepsPerSec / c.stepsPerSec : NaN; }).filter(Number.isFinite);
summary.ratioWebgpuOverWasm = median(ratios);
summary.software = /swiftshader|llvmpipe|lavapipe/i.test(summary.webgpu.device ?? "");
fs.writeFileSync(dest, JSON.stringify(summary, null, 2) + "\n");
const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : "-");
console.log("\nbackend  steps/s  device");
console.log(`webgpu   ${f(summary.webgpu.stepsPerSec).padStart(7)}  ${summary.webgpu.device ?? "(did not run)"}`);
console.log(`wasm     ${f(summary.wasm.stepsPerSec).padStart(7)}  ${summary.wasm.device ?? "(did not run)"}`);
console.log(`webgpu / wasm, median of per-round ratios: ${f(summary.ratioWebgpuOverWasm)}  (${ratios.length} rounds)`);
if (summary.software) console.log("NOTE: the webgpu adapter is a software (CPU) one, not a GPU");
for (const u of summary.unavailable) console.log(`unavailable: ${u}`);
console.log(`written: ${dest}`);
JS
}

case "$MODE" in
  pack) pack ;;
  check)
    ROUNDS=1 STEPS=1 WARMUP=0 BATCH=2 STEP_TIMEOUT=${STEP_TIMEOUT:-180}
    # Off a GPU machine, Debian chromium's SwiftShader gives Dawn an adapter.
    if ! command -v nvidia-smi >/dev/null 2>&1 && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then
      export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    fi
    run ;;
  run)
    ROUNDS=${ROUNDS:-2} STEPS=${STEPS:-20} WARMUP=${WARMUP:-3} BATCH=${BATCH:-64} STEP_TIMEOUT=${STEP_TIMEOUT:-240}
    run ;;
  *) say "usage: bash bench/gpu.sh [run|pack|check]"; exit 2 ;;
esac
