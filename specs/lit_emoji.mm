// Step 2 of LiT on emoji: the image tower from lit_emoji_pretrain.mm, locked (`frozen`: no
// gradient, no optimizer state, unchanged by training), and a new text tower trained to meet it.
// First: mmc run specs/lit_emoji_pretrain.mm --out runs/lit_emoji_pretrain
model lit_emoji

data emoji(train: "noto", test: "twemoji")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 1727

// The same layers as the pretraining run's image_enc: weights match by layer and shape.
encoder image_enc(image) -> [B, 128] from "../runs/lit_emoji_pretrain/model" frozen {
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
