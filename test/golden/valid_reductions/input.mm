// mean, sum and max over named axes; activations as layers; dense on a sequence.
model reductions

data shapes(train: 400, test: 100)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 16] vocab 32

encoder image_enc(image) -> [B, 32] {
  conv2d(8, kernel: 5, activation: gelu)
  max_pool(4)
  sum(over: W)        // [B, H:8, C:8]: a sequence of rows
  dense(32)           // dense works on the last axis of a sequence
  tanh()
  max(over: H)
  sigmoid()
}

encoder text_enc(text) -> [B, 32] {
  embed(32)
  silu()
  gelu()
  sum(over: [L])
  layer_norm(epsilon: 1e-6)
}

loss infonce(image_enc, text_enc, temperature: 0.05, learnable: false)

train { batch: 16, epochs: 0.5 }
