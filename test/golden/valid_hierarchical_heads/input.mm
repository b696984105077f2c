// Heads on heads: a shared trunk over the fused embeddings, then two task heads on it.
model hierarchical

data noise(train: 512, test: 128, classes: 10)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128
input label: Labels[B] classes 10

encoder image_enc(image) -> [B, 32] {
  conv2d(16, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(32)
}

encoder text_enc(text) -> [B, 32] {
  embed(32)
  mean(over: L)
}

head trunk(concat(image_enc, text_enc)) -> [B, 64] {
  dense(64, activation: relu)
}

head classes(trunk) -> [B, 10] {
  dense(10)
}

head refine(concat(trunk, classes)) -> [B, 10] {
  dense(32, activation: relu)
  dense(10)
}

loss 0.5 * cross_entropy(classes, label) + 0.5 * cross_entropy(refine, label, smoothing: 0.1)

train { optimizer: sgd(lr: 0.05, momentum: 0.9, nesterov: true), batch: 32, epochs: 2 }

evaluate accuracy(refine, label)
