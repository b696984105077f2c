// Experiment: InfoNCE with hard-negative reweighting (Robinson et al. 2021), beta = 1: each
// negative counts in the softmax in proportion to exp(beta * its logit), so the captions
// the model already confuses with the right one weigh more. beta = 0 is plain InfoNCE.
model hard_negatives

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

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true, hard_negatives: 1)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
