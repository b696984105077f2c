// Cross-attention whose keys are token ids (an input, not an encoder of vectors): MM3009 names the keys; it crashed the checker before (fuzz #40649).
model cross_layer

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder patches(image) {
  patch_embed(4, dim: 64)
  positional()
}

encoder image_enc(patches) -> [B, 64] {
  mean(over: P)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  positional()
  cross_attention(to: text, heads: 4)
  cross_attention(patches)
  attention_pool(heads: 2)
}

loss infonce(image_enc, text_enc)

train { batch: 64, epochs: 1 }
