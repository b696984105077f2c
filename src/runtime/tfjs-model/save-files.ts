// A tf.io save handler writing model.json and weights.bin into a folder, as tfjs-node's
// `file://` handler does, so a LayersModel is saved without tfjs-node.
import * as tf from "@tensorflow/tfjs";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export function folderSaveHandler(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    mkdirSync(dir, { recursive: true });
    const weights = artifacts.weightData ? new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[])) : new Uint8Array();
    const manifest: tf.io.WeightsManifestConfig = [{ paths: ["weights.bin"], weights: artifacts.weightSpecs ?? [] }];
    const json: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology!,
      weightsManifest: manifest,
      ...(artifacts.format ? { format: artifacts.format } : {}),
      ...(artifacts.generatedBy ? { generatedBy: artifacts.generatedBy } : {}),
      ...(artifacts.convertedBy ? { convertedBy: artifacts.convertedBy } : {}),
    };
    writeFileSync(path.join(dir, "weights.bin"), weights);
    writeFileSync(path.join(dir, "model.json"), JSON.stringify(json) + "\n");
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
}
