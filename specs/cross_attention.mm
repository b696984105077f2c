// Experiment: cross-modal attention fusion. The caption's words attend to the image's 8x8 grid
// of conv features (64 tokens), so each word can look up its own object, and a fusion head
// on the attended words names the first object's shape (6 classes, weight 0.5). The
// retrieval embeddings stay separate (each modality alone), as CLIP needs for search.
model cross_attention

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128
input labels: Labels[B] classes 6

encoder image_map(image) {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
}

encoder image_enc(image_map) -> [B, 128] {
  mean(over: [H, W])
  dense(128)
}

// The feature map as a sequence of 64 image tokens [B, 64, 128].
encoder image_tokens(image_map) {
  max_pool(4)
  reshape([64, 64])
  dense(128)
}

encoder words(text) {
  embed(128)
  positional()
}

encoder text_enc(words) -> [B, 128] {
  mean(over: L)
  dense(64, activation: relu)
  dense(128)
}

// Words (queries) attend to image tokens (keys and values), then pool and classify.
head joint(cross_attention(words, image_tokens, heads: 4)) -> [B, 6] {
  layer_norm()
  mean(over: L)
  dense(128, activation: relu)
  dense(6)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true) + 0.5 * cross_entropy(joint, labels)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
evaluate accuracy(joint, labels)
