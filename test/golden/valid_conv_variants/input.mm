// conv2d in every form: stride, valid padding, dilation, a non-square kernel; both poolings.
model conv_variants

data shapes(train: 800, test: 200, seed: 1)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(16, kernel: 3, stride: 2, activation: relu)      // 32 -> 16
  conv2d(16, kernel: 3, padding: valid)                   // 16 -> 14
  conv2d(32, kernel: [3, 5], padding: valid, bias: false) // 14 x 14 -> 12 x 10
  conv2d(32, kernel: 3, dilation: 2)                      // same padding keeps 12 x 10
  batch_norm()
  relu()
  max_pool(2)                                             // -> 6 x 5
  avg_pool(2, stride: 1, padding: same)                   // -> 6 x 5
  flatten()
  dropout(0.1)
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
  dense(64)
}

loss infonce(image_enc, text_enc)

train { optimizer: adam(lr: 1e-3), batch: 32, epochs: 1 }
