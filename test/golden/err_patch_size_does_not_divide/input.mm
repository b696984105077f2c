model patches

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  patch_embed(5, dim: 64)
  mean(over: P)
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
