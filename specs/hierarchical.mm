// Experiment: hierarchical fusion. Modalities meet twice: early, where the mid-level
// features (before each encoder's last projection) are fused by a small head, and late,
// where that head's output joins both final embeddings. The top head names the first
// object's shape (6 classes, weight 0.5); retrieval is still InfoNCE's on the embeddings.
model hierarchical

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128
input labels: Labels[B] classes 6

encoder image_features(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
}

encoder image_enc(image_features) -> [B, 128] {
  dense(128)
}

encoder text_features(text) -> [B, 64] {
  embed(128)
  mean(over: L)
  dense(64, activation: relu)
}

encoder text_enc(text_features) -> [B, 128] {
  dense(128)
}

// Early fusion of the mid-level features.
head early(concat(image_features, text_features)) -> [B, 64] {
  dense(64, activation: relu)
}

// Late fusion: the early head's output with both embeddings.
head joint(concat(early, image_enc, text_enc)) -> [B, 6] {
  dense(128, activation: relu)
  dense(6)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true) + 0.5 * cross_entropy(joint, labels)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
evaluate accuracy(joint, labels)
