// Zero-shot through a fusion tower: the prompts would need an image too.
model zero_shot_fused

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

encoder joint(concat(image_enc, text_enc)) -> [B, 64] {
  dense(64)
}

evaluate zero_shot(image_enc, joint)
