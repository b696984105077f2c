model in_block

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

block stage(filters, pool: 2) {
  conv2d(filters, kernel: 3, activation: relu)
  max_pool(pool)
}

encoder image_enc(image) -> [B, 64] {
  stage(32)
  mean(over: [H, W])
  stage(64, pool: 3)
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
