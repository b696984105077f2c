// A spec small enough to train in a few seconds in the browser (the playground's e2e test).
model tiny

data shapes(train: 512, test: 128, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

encoder image_enc(image) -> [B, 32] {
  conv2d(8, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(32)
}

encoder text_enc(text) -> [B, 32] {
  embed(32)
  mean(over: L)
  dense(32)
}

loss infonce(image_enc, text_enc, temperature: 0.1, learnable: true)

train { optimizer: adam(lr: 3e-3), batch: 32, steps: 1000, eval_every: 20 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
