// Experiment: the seed architecture on real drawings with real names: train on Google's Noto
// emoji, test on Twemoji (3786 emoji, each name unique), so retrieval must generalise from
// one artist's style to another's. The vocabulary comes from the emoji names.
model emoji

data emoji(train: "noto", test: "twemoji")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 1727

encoder image_enc(image) -> [B, 128] {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(128)
}

encoder text_enc(text) -> [B, 128] {
  embed(128)
  mean(over: L)
  dense(64, activation: relu)
  dense(128)
}

// The seed's fusion MLP; the contrastive loss trains the encoders, this head rides along.
head joint(concat(image_enc, text_enc)) -> [B, 10] {
  dense(128, activation: relu)
  dense(10)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
