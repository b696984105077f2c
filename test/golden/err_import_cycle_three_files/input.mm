// The spec imports blocks.mm, which imports shared.mm, which imports the spec: a cycle of three.
model import_cycle_three

import "blocks.mm"

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
  proj(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
