// Experiment: a multi-task objective. Besides the contrastive loss, the seed's fusion head
// now predicts the first-named object's shape (6 classes) from the fused vector with a
// cross-entropy weighted 0.5; its gradient reaches both encoders through the concat.
model multitask

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128
input labels: Labels[B] classes 6

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

// A classification head on the fused vector: the first-named object's shape (6 classes).
head joint(concat(image_enc, text_enc)) -> [B, 6] {
  dense(128, activation: relu)
  dense(6)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true) + 0.5 * cross_entropy(joint, labels)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
evaluate accuracy(joint, labels)
