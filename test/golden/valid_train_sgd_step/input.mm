model sgd_step

data noise(train: 256, test: 64, vocab: 50)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 50

encoder image_enc(image) -> [B, 16] {
  flatten()
  dense(16)
}

encoder text_enc(text) -> [B, 16] {
  embed(16)
  max(over: L)
}

loss triplet(image_enc, text_enc)

train { optimizer: sgd(0.1), schedule: step(every: 100, factor: 0.1), batch: 32, epochs: 2.5 }
