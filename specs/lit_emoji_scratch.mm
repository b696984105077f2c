// LiT's from-scratch comparison on emoji: lit_emoji.mm with both towers trained from the seed
// (no `from`, no `frozen`), the same steps, so the experiments table shows what the locked,
// pretrained image tower is worth.
model lit_emoji_scratch

data emoji(train: "noto", test: "twemoji")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 1727

// The same layers as lit_emoji.mm's image tower, trained from the seed here.
encoder image_enc(image) -> [B, 128] {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(128)
}

// A new text tower (the seed's), trained from its seed.
encoder text_enc(text) -> [B, 128] {
  embed(128)
  mean(over: L)
  dense(64, activation: relu)
  dense(128)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 150 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
