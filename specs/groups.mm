// Experiment: batches built from whole swap groups (16 groups of 4 per batch), so every batch
// holds each caption's hardest negatives: the same words in another order. The seed's text
// encoder averages its words, so it cannot tell a group's captions apart: expect no gain on
// the group score here; best.mm pairs this batching with an encoder that sees word order.
model groups

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

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300, batches: groups }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
