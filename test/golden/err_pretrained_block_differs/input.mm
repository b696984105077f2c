// The run in pre/ trained text_enc with transformer(16, heads: 2, mlp: 2): this call widens its MLP.
model block_differs
import "std/transformer.mm"
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 16] {
  conv2d(8, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(16)
}

encoder text_enc(text) -> [B, 16] {
  embed(16)
  positional()
  transformer(16, heads: 2, mlp: 4) from "pre"
  transformer(16, heads: 2, mlp: 2) from "pre"
  mean(over: L)
}

loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 1e-3), batch: 32, steps: 1, seed: 1 }
