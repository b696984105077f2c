// LiT's from-scratch comparison: lit_shapes.mm with both towers trained from the seed (no
// `from`, no `frozen`), the same steps, so the experiments table shows what the locked,
// pretrained image tower is worth.
model lit_shapes_scratch

import "std/transformer.mm"

data shapes(train: 4000, test: 500, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

// The same layers as lit_shapes.mm's image_enc, here trained from the seed.
encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  conv2d(64, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(64)
}

// A new text tower, trained from its seed; word order matters in the captions, so it sees it.
encoder text_enc(text) -> [B, 64] {
  embed(64)
  positional()
  transformer(64, heads: 4)
  mean(over: L)
  dense(64)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 2e-3), batch: 64, steps: 150, time_limit: 90 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
