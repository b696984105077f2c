// No `evaluate` line: retrieval over the contrastive pair is the default.
model defaults

data shapes()

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) {
  mean(over: [H, W])
  dense(16)
}

encoder text_enc(text) {
  embed(16)
  mean(over: L)
}

loss siglip(image_enc, text_enc, learnable: false)

train { epochs: 1 }
