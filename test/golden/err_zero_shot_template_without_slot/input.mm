// Zero-shot prompt templates: one without {} (every class would get the same prompt) and an empty list.
model zero_shot_templates

data shapes(train: 256, test: 64)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }

evaluate zero_shot(image_enc, text_enc, templates: ["a photo", "a {} shape"])
evaluate zero_shot(image_enc, text_enc, templates: [])
