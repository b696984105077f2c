// Ablation of best.mm: the same encoders (word order on the text side, the spatial layout
// on the image side), trained on random batches instead of whole swap groups, to measure
// what the group batching itself contributes to the swap-group score.
model best_random_batches

import "std/transformer.mm"
import "std/cnn.mm"

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 128] {
  conv_pool(32)
  conv_pool(64)
  conv_pool(128)
  flatten()
  dense(128)
}

encoder text_enc(text) -> [B, 128] {
  embed(128)
  positional()
  transformer(128, heads: 4)
  layer_norm()
  mean(over: L)
  dense(128)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 400, eval_every: 100 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
