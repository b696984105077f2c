// An image layer in the text encoder: the fix is to move it, not to embed first.
model conv_text

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  conv2d(32, kernel: 3)
  mean(over: L)
  dense(64)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
