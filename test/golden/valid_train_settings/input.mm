model train_settings

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 32] {
  augment(crop: 2, jitter: 0.1)
  conv2d(16, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(32)
}

encoder text_enc(text) -> [B, 32] {
  embed(32)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

// Every setting, one per line, with comments between them.
train {
  optimizer: adamw(lr: 3e-4, weight_decay: 0.05, beta2: 0.98), // decoupled decay
  schedule: cosine(warmup: 100, min_lr: 1e-5),
  batch: 128,
  batches: groups, // whole swap groups: hard negatives in every batch
  steps: 2000,
  clip: 1.0,
  seed: 42,
  eval_every: 250,
  time_limit: 600
}

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
