// Zero-shot classification: CLIP-style training on captions only, then each test image is
// classified by its first-named (left or upper) shape, from the class names alone: the text
// tower embeds every class's prompts, and the image takes the class of highest cosine.
model zero_shot_shapes

data shapes(train: 4000, test: 600, seed: 11)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  conv2d(64, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
  dense(64)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 2e-3), batch: 64, steps: 300, eval_every: 100, time_limit: 90 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
evaluate zero_shot(image_enc, text_enc, templates: ["a {}", "a {} left of a {}", "a {} above a {}"])
