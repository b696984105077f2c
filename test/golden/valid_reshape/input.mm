model reshape_demo

data shapes(train: 400, test: 100)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

// Image features reshaped into a sequence of 16 tokens of width 32, then attended over.
encoder image_enc(image) {
  conv2d(8, kernel: 4, stride: 4)    // [B, 8, 8, 8] = 512 values
  flatten()
  reshape([16, 32])
  attention(2)
  mean(over: L)
}

encoder text_enc(text) {
  embed(32)
  mean(over: L)
}

loss siglip(image_enc, text_enc)

train { batch: 32, steps: 100 }
