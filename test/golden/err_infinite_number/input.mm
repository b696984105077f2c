model infinite_number

data shapes(train: 800, test: 100)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc, temperature: 1e999)
