// A tfjs LayersModel built from a model.json's `modelTopology`, synchronously (the model is
// made inside CompiledModel's constructor, and the checker's reader is synchronous too):
// tf.loadLayersModel does the same, but only behind a promise. No file access here, so the
// playground can build one from the IR too.
import * as tf from "@tensorflow/tfjs";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keras spells keys and class-valued strings in snake_case, tfjs-layers in camelCase (as its own `toCamelCase`). */
function camel(s: string): string {
  return s.length <= 1 || !s.includes("_") ? s : s.replace(/[_]+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

/**
 * The topology as tfjs-layers reads it: a port of its (unexported) `convertPythonicToTs`.
 * Layer names (`name`, and the first item of inbound nodes and input/output layer lists)
 * stay as written, since other entries refer to them.
 */
function toTs(value: Json, key?: string): Json {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return camel(value);
  if (Array.isArray(value)) {
    const namesFirst = key === "inboundNodes" || key === "outputLayers" || key === "inputLayers";
    return value.map((item, i) => (namesFirst && i === 0 && typeof item === "string" ? item : toTs(item, key)));
  }
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "name" && typeof v === "string") out[k] = v;
    else out[camel(k)] = toTs(v, camel(k));
  }
  return out;
}

/** The Keras class of a topology's model (`Sequential`, `Model`, `Functional`), or undefined. */
export function topologyClass(topology: unknown): string | undefined {
  const t = modelConfig(topology) as { class_name?: unknown } | null;
  return typeof t?.class_name === "string" ? t.class_name : undefined;
}

/** A Keras `model.save()` JSON nests the model under `model_config`; tfjs writes it bare. */
function modelConfig(topology: unknown): unknown {
  const t = topology as { model_config?: unknown } | null;
  return t && typeof t === "object" && t.model_config ? t.model_config : topology;
}

/**
 * Builds the model with its weights zeroed (whoever builds it sets them: from the file, or from
 * a run's saved model). Throws, with tfjs-layers' own message, when the topology is not one
 * tfjs-layers can build (an unknown layer class, a malformed config).
 */
export function buildLayersModel(topology: unknown): tf.LayersModel {
  const config = toTs(modelConfig(topology) as Json) as { className?: string; config?: tf.serialization.ConfigDict };
  const entry = config.className ? tf.serialization.SerializationMap.getMap().classNameMap[config.className] : undefined;
  if (!entry || !config.config) throw new Error(`its model topology is a \`${config.className ?? "?"}\`, not a Sequential or functional LayersModel`);
  const [cls, fromConfig] = entry;
  const built = (fromConfig as (c: unknown, cfg: tf.serialization.ConfigDict, custom: tf.serialization.ConfigDict, fastInit: boolean) => unknown)(cls, config.config, {}, true);
  if (!(built instanceof tf.LayersModel)) throw new Error(`its model topology is a \`${config.className}\` layer, not a model`);
  return built;
}
