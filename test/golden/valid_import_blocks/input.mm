// Blocks can live in their own file, imported relative to this one.
model imported

import "blocks.mm"

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 48] {
  patch_embed(8, dim: 48)
  encoder_layer(48, 4)
  mean(over: P)
}

encoder text_enc(text) -> [B, 48] {
  embed(48)
  positional()
  repeat 2 {
    encoder_layer(48, 2)
  }
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
