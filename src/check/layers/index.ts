// The layer catalogue: every built-in layer, by name.
import { ATTENTION_LAYERS } from "./attention.js";
import { CONV_LAYERS } from "./conv.js";
import { DENSE_LAYERS } from "./dense.js";
import { REDUCE_LAYERS } from "./reduce.js";
import { SEQUENCE_LAYERS } from "./sequence.js";
import { TFJS_LAYERS } from "./tfjs-model.js";
import type { LayerDef } from "./types.js";

export const LAYERS: ReadonlyMap<string, LayerDef> = new Map(
  [...CONV_LAYERS, ...DENSE_LAYERS, ...REDUCE_LAYERS, ...SEQUENCE_LAYERS, ...ATTENTION_LAYERS, ...TFJS_LAYERS].map((l) => [l.name, l]),
);
