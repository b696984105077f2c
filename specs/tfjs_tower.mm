// An image tower that is a tfjs LayersModel from disk: the small CNN that
// scripts/build-tfjs-model.ts builds with tf.layers, pretrains to tell the shapes apart and
// saves (`npm run build-tfjs-model`). It is locked (`frozen`: no gradient, no optimizer state)
// and a dense head learns to map its features into the joint space.
model tfjs_tower

data shapes(train: 4000, test: 500, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

encoder image_enc(image) -> [B, 64] {
  tfjs_model("../models/shapes_cnn/model.json", output: [B, 64]) frozen
  dense(128, activation: relu)
  dense(64)
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
  dense(64, activation: relu)
  dense(64)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 2e-3), batch: 64, steps: 150, time_limit: 90 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
