// graph/ holds a GraphModel (written by test/fixtures/tfjs-graph.ts): it runs frozen, and the
// layer does not say `frozen`.
model graph_frozen
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32

encoder image_enc(image) -> [B, 16] {
  mean(over: [H, W])
  tfjs_model("graph/model.json", output: [B, 8])
  dense(16)
}

encoder text_enc(text) -> [B, 16] {
  embed(16)
  mean(over: L)
}

loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 1e-3), batch: 32, steps: 1, seed: 1 }
