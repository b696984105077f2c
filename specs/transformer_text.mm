// Experiment: a text encoder that sees word order. The seed averages word embeddings, so
// "a red circle left of a blue square" and "a blue circle left of a red square" look the
// same to it; here learned positions and one transformer block (from std/) come before the
// pooling. Batches stay random: DESIGN.md measured that word order alone barely moves the
// swap-group score; see groups.mm and best.mm for the batching that does.
model transformer_text

import "std/transformer.mm"

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

encoder image_enc(image) -> [B, 128] {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
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

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
