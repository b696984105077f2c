// Names in CJK and with an emoji; wide characters, a tab and a combining accent before an
// error on the same line: the carets must still sit under the mistake.
model wide

data files(train: "训练.csv", test: "tést.csv", captoin_key: "标题")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

block 投影(width) {
  dense(width)
}

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
	dense(64, activaton: relu)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc🚀)

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10], 数: 3)

train { batch: 64, epochs: 1 }
