// User blocks: parameters with defaults, arithmetic in arguments, a block inside a block.
model blocks_demo

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

block mlp(width, ratio: 4) {
  dense(width * ratio, activation: gelu)
  dense(width)
}

block transformer(width, heads: 2) {
  residual {
    layer_norm()
    attention(heads: heads)
  }
  residual {
    layer_norm()
    mlp(width)
  }
}

block conv_stage(filters, pool: 2) {
  conv2d(filters, kernel: 3, activation: relu)
  conv2d(filters, kernel: 3, activation: relu)
  max_pool(pool)
}

encoder image_enc(image) -> [B, 64] {
  conv_stage(16)
  conv_stage(32, pool: 4)
  mean(over: [H, W])
  mlp(32, ratio: 2)
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  positional()
  transformer(64, heads: 4)
  transformer(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
