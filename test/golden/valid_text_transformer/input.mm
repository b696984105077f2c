// A small text transformer: positions, pre-norm attention blocks, attention pooling.
model text_transformer

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  max_pool(2)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  positional()
  repeat 2 {
    residual {
      layer_norm()
      attention(heads: 4)
    }
    residual {
      layer_norm()
      dense(256, activation: gelu)
      dense(64)
    }
  }
  layer_norm()
  attention_pool(4)
}

loss infonce(image_enc, text_enc)

train { optimizer: adam(lr: 3e-4), batch: 64, epochs: 2, batches: groups }

evaluate retrieval(image_enc, text_enc, k: [1, 5])
