// The standard transformer block told a width (64) other than its sequence's (128): the
// feed-forward network's output no longer matches its residual input.
model transformer_width

import "std/transformer.mm"

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 128] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(128)
}

encoder text_enc(text) -> [B, 128] {
  embed(128)
  positional()
  transformer(64, heads: 4)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
