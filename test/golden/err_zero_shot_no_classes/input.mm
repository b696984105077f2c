// Zero-shot on a manifest without a label column: there are no class names to prompt with.
model zero_shot_no_classes

data files(train: "data/items.csv", test: "data/items.csv")

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

train { batch: 2, epochs: 1 }

evaluate zero_shot(image_enc, text_enc)
