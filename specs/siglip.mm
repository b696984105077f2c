// Experiment: SigLIP's pairwise sigmoid loss (Zhai et al. 2023) instead of InfoNCE: every
// image-text pair of the batch is an independent binary match / no-match decision, with a
// learned scale (from temperature 0.1) and bias (from -10), so no softmax over the batch.
model siglip

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

loss siglip(image_enc, text_enc, temperature: 0.1, bias: -10, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
