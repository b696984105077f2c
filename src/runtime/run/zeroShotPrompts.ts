// Runs the text tower alone over the class prompts of a zero-shot evaluation (the checker
// made sure it reads only Tokens inputs), tokenised with the run's own vocabulary.
import * as tf from "@tensorflow/tfjs";
import type { IRProgram } from "../../ir/ir.js";
import type { CompiledModel } from "../../lower/model.js";
import { Rng } from "../../common/random.js";
import type { DataBundle } from "../data/types.js";
import { encode } from "../data/tokenizer.js";

const PROMPT_BATCH = 250;

/** [prompts, width] text-tower outputs for `prompts`, read asynchronously (any backend). */
export async function embedPrompts(ir: IRProgram, model: CompiledModel, data: DataBundle, textNode: number, prompts: string[]): Promise<Float32Array> {
  const len = data.seqLen;
  const width = ir.nodes[textNode]!.shape[1]!.size!;
  const tokens = encode(prompts, data.vocab, len);
  const out = new Float32Array(prompts.length * width);
  for (let start = 0; start < prompts.length; start += PROMPT_BATCH) {
    const n = Math.min(PROMPT_BATCH, prompts.length - start);
    const output = tf.tidy(() => {
      const ids = tf.tensor2d(tokens.subarray(start * len, (start + n) * len), [n, len], "int32");
      const feeds = Object.fromEntries(ir.inputs.filter((input) => input.kind === "tokens").map((input) => [input.name, ids]));
      return model.forward(feeds, [textNode], false, new Rng(0)).get(textNode)!;
    });
    try {
      out.set((await output.data()) as Float32Array, start * width);
    } finally {
      output.dispose();
    }
  }
  return out;
}
