// A tfjs model.json on disk and its weight shards, read without tfjs-node: the synchronous
// IOHandler that the checker's reader, the run's weight loading and the tests all use. Every
// problem is a sentence naming the file, never a tfjs stack trace.
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type TfjsFormat = "layers" | "graph";

export interface TfjsFiles {
  /** model.json's path as messages show it. */
  file: string;
  format: TfjsFormat;
  /** What tf.io handlers give a loader: topology, weight specs and the shards' bytes, concatenated. */
  artifacts: tf.io.ModelArtifacts & { weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer };
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** The bytes a weight occupies in its shard, or undefined for a dtype mmc does not read (strings). */
function byteSize(w: tf.io.WeightsManifestEntry): number | undefined {
  const count = w.shape.reduce((a, b) => a * b, 1);
  const per = BYTES[w.quantization?.dtype ?? w.dtype];
  return per === undefined ? undefined : count * per;
}

/** model.json's own `format`, else what its topology looks like (a Keras class, or a GraphDef's nodes). */
function formatOf(json: tf.io.ModelJSON): TfjsFormat | undefined {
  const f = json.format?.toLowerCase();
  if (f === "layers-model") return "layers";
  if (f === "graph-model") return "graph";
  const t = json.modelTopology as { class_name?: unknown; model_config?: unknown; node?: unknown } | undefined;
  if (t && (typeof t.class_name === "string" || t.model_config)) return "layers";
  if (t && Array.isArray(t.node)) return "graph";
  return undefined;
}

/** A path as messages show it: relative to the working folder when inside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

/** The model at `abs` (a model.json), or a sentence saying why it cannot be read. */
export function readTfjsFiles(abs: string): TfjsFiles | string {
  const file = shown(abs);
  if (!existsSync(abs)) return `there is no file ${file}`;
  if (statSync(abs).isDirectory()) return `${file} is a folder; name the model.json inside it`;
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(readFileSync(abs, "utf8")) as tf.io.ModelJSON;
  } catch (e) {
    return `${file} is not valid JSON (${(e as Error).message.split("\n")[0]})`;
  }
  if (!json || typeof json !== "object" || !json.modelTopology) return `${file} has no \`modelTopology\`: it is not a tfjs model.json`;
  const format = formatOf(json);
  if (!format) return `${file} is neither a LayersModel nor a GraphModel (its \`format\` is ${JSON.stringify(json.format ?? null)})`;
  if (!Array.isArray(json.weightsManifest)) return `${file} has no \`weightsManifest\`, so its weights cannot be found`;
  const dir = path.dirname(abs);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    const expected = group.weights.reduce((n, w) => n + (byteSize(w) ?? NaN), 0);
    if (Number.isNaN(expected)) return `${file} holds a weight of a type mmc does not read (${group.weights.find((w) => byteSize(w) === undefined)?.dtype})`;
    let got = 0;
    const shards = group.paths.map((p) => path.join(dir, p));
    for (const shard of shards) {
      if (!existsSync(shard)) return `its weight file ${shown(shard)} (listed in ${file}) is missing`;
      const bytes = readFileSync(shard);
      got += bytes.byteLength;
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    if (got !== expected) return `its weight file${shards.length === 1 ? "" : "s"} ${shards.map(shown).join(", ")} hold${shards.length === 1 ? "s" : ""} ${got} bytes, but ${file} lists ${expected} bytes of weights`;
    specs.push(...group.weights);
  }
  const weightData = tf.io.concatenateArrayBuffers(buffers);
  return { file, format, artifacts: { modelTopology: json.modelTopology, format: json.format, weightSpecs: specs, weightData, ...(json.signature ? { signature: json.signature } : {}) } };
}

/** A synchronous tf.io handler over `file`: what tf.loadLayersModel or loadGraphModelSync reads. */
export function fileHandler(file: string): tf.io.IOHandlerSync {
  return {
    load: () => {
      const read = readTfjsFiles(file);
      if (typeof read === "string") throw new Error(read);
      return read.artifacts;
    },
  };
}
