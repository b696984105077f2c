model name_not_ascii

data shapes(train: 256, test: 64)

input image: Image[B, 32, 32, 3]
input 文本: Tokens[B, 12] vocab 64

encoder bild_größe(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(文本) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(bild_größe, text_enc)

train { batch: 64, epochs: 1 }
