// Zero-shot by emoji subgroup: emoji names lack some subgroup words ("mammal") and "emoji".
model emoji_unknown_words

data emoji(train: "noto", test: "twemoji", limit: 200, classes: "subgroup")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 8] vocab 2048

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }

evaluate zero_shot(image_enc, text_enc, templates: ["{}", "a {} emoji"])
