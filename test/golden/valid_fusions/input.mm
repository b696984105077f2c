// Every fusion: concat, add, gated and cross_attention as a tower's source.
model fusions

data shapes(train: 8000, test: 1000)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64
input label: Labels[B] classes 6

encoder image_seq(image) {
  patch_embed(8, dim: 32)
}

encoder text_seq(text) {
  embed(32)
  positional()
}

encoder image_enc(image_seq) -> [B, 32] {
  mean(over: P)
}

encoder text_enc(text_seq) -> [B, 32] {
  mean(over: L)
}

head joint_concat(concat(image_enc, text_enc)) -> [B, 6] {
  dense(6)
}

head joint_add(add(image_enc, text_enc)) -> [B, 6] {
  dense(6)
}

head joint_gated(gated(image_enc, text_enc)) -> [B, 6] {
  dense(6)
}

head joint_cross(cross_attention(text_seq, image_seq, heads: 4)) -> [B, 6] {
  mean(over: L)
  dense(6)
}

head nested(concat(add(image_enc, text_enc), gated(image_enc, text_enc))) -> [B, 6] {
  dense(6)
}

loss infonce(image_enc, text_enc) + 0.1 * cross_entropy(joint_cross, label)

train { batch: 64, epochs: 1 }

evaluate accuracy(joint_gated, label)
