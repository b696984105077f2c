// Zero-shot classification on emoji: CLIP-style training on the emoji names only (Noto's
// drawings), then each Twemoji drawing is classified into its emojibase subgroup ("face
// smiling", "animal bird", ... 99 of them) from the subgroup names alone. The prompts use the
// names' own vocabulary: a subgroup word no emoji name holds ("mammal") reads as <unk>
// (MM4016 lists them), so some subgroups are told apart only by their other words.
model zero_shot_emoji

data emoji(train: "noto", test: "twemoji", classes: "subgroup")

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 1727

encoder image_enc(image) -> [B, 128] {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(128)
}

encoder text_enc(text) -> [B, 128] {
  embed(128)
  mean(over: L)
  dense(64, activation: relu)
  dense(128)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, steps: 300 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
evaluate zero_shot(image_enc, text_enc, templates: ["{}", "a {}", "a {} emoji"])
