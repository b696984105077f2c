// The long form of every diagnostic code, for `mmc explain CODE` (as `rustc --explain`) and
// the playground's links: what the code means, a spec fragment that triggers it, and the
// same fragment fixed. Typed by Code, so a new code does not compile without its entry.
import { CODES, type Code } from "./codes.js";

export interface Explanation {
  /** What the code means and why mmc insists, in a few sentences. */
  summary: string;
  /** A spec fragment (or a file or command) that gets this code. */
  wrong: string;
  /** The same fragment, fixed. */
  right: string;
}

const E = (summary: string, wrong: string, right: string): Explanation => ({ summary, wrong, right });

export const EXPLANATIONS: Record<Code, Explanation> = {
  MM1001: E("The parser met a token where the grammar allows none: a missing comma, brace or parenthesis, or a keyword out of place.", "train { batch: 64 epochs: 1 }", "train { batch: 64, epochs: 1 }"),
  MM1002: E("A character that no token of the language starts with, such as `$` or a stray backtick.", "dense(64) $", "dense(64)"),
  MM1003: E("A string opened with `\"` and never closed on its line.", "data files(train: \"train.csv, test: \"test.csv\")", "data files(train: \"train.csv\", test: \"test.csv\")"),
  MM1004: E("The file is empty, only comments, or cannot be read as UTF-8 text. A spec starts with `model name`.", "# just a comment", "model tiny\n..."),
  MM1005: E("Brackets nest deeper, or operators chain longer, than a spec needs (64 levels, 256 operators): mmc refuses rather than risk the stack.", "dense((((((((((((64))))))))))))  # ... 64 levels deep", "dense(64)"),
  MM1006: E("A spec over 1 MiB is not a hand-written spec. Generate repeated structure with `repeat N { ... }` or a block instead.", "# a 5 MB spec of written-out layers", "repeat 1000 { dense(64) }"),
  MM1007: E("A line over 10,000 characters. Break long argument lists over several lines.", "concat(a, b, c, ... 20,000 characters ...)", "concat(\n  a,\n  b,\n)"),
  MM1008: E("Names (inputs, encoders, heads, blocks, parameters) are ASCII letters, digits and `_`, not starting with a digit, so every editor, shell and Python export can spell them. Captions and strings may hold any text.", "encoder bild_größe(image) -> [B, 64] { ... }", "encoder bild_groesse(image) -> [B, 64] { ... }"),
  MM2001: E("The name called is neither a built-in layer nor a block defined or imported in this spec.", "conv2d(32)\ndesne(64)", "conv2d(32)\ndense(64)"),
  MM2002: E("A named argument the layer, loss or setting does not have.", "dense(64, activaton: relu)", "dense(64, activation: relu)"),
  MM2003: E("Two inputs, encoders, heads or blocks share a name; every name is defined once.", "encoder enc(image) -> [B, 64] { ... }\nencoder enc(text) -> [B, 64] { ... }", "encoder image_enc(image) -> [B, 64] { ... }\nencoder text_enc(text) -> [B, 64] { ... }"),
  MM2004: E("A required argument is missing: the layer cannot pick a sensible default for it.", "conv2d(kernel: 3)", "conv2d(32, kernel: 3)"),
  MM2005: E("A name that no input, encoder, head, block parameter or axis defines.", "loss infonce(image_enc, txt_enc)", "loss infonce(image_enc, text_enc)"),
  MM2006: E("The same argument is given twice (perhaps once by position and once by name).", "dense(64, units: 128)", "dense(128)"),
  MM2007: E("An argument's value has the wrong type: a number where a name is expected, a list where one number is.", "dropout(rate: high)", "dropout(0.1)"),
  MM2008: E("Positional arguments come first; after a named argument every argument must be named.", "conv2d(kernel: 3, 32)", "conv2d(32, kernel: 3)"),
  MM2009: E("A spec needs a `model`, a `data` and a `loss` line; one is missing.", "model tiny\ndata shapes()\n...  # no loss line", "model tiny\ndata shapes()\n...\nloss infonce(image_enc, text_enc)"),
  MM2010: E("The data set named in `data kind(...)` is not one mmc knows (shapes, noise, emoji, files, shards).", "data shape(train: 8000)", "data shapes(train: 8000)"),
  MM2011: E("A block calls itself, directly or through other blocks: its expansion would never end.", "block mlp(w) { dense(w)\n  mlp(w) }", "block mlp(w) { dense(w)\n  dense(w) }"),
  MM2012: E("An import could not be read, leaves the project folder, closes a cycle, or holds more than blocks and imports.", "import \"../../elsewhere/blocks.mm\"", "import \"blocks.mm\"   # a file beside the spec, holding only blocks"),
  MM2013: E("An input's type is none of Image, Tokens and Labels.", "input text: Text[B, 12]", "input text: Tokens[B, 12] vocab 1000"),
  MM2014: E("More positional arguments than the layer takes.", "dense(64, relu)", "dense(64, activation: relu)"),
  MM2015: E("A setting in `train { ... }` that training does not have.", "train { batch: 64, epoch: 1 }", "train { batch: 64, epochs: 1 }"),
  MM2016: E("A section that may appear once (model, data, loss, train) appears twice.", "loss infonce(a, b)\nloss cross_entropy(head, labels)", "loss infonce(a, b) + 0.5 * cross_entropy(head, labels)"),
  MM2017: E("Blocks call blocks, or towers feed towers, more than 64 deep: flatten the chain.", "block b1(w) { b0(w) }\nblock b2(w) { b1(w) }\n# ... 65 levels", "block mlp(w) { dense(w)\n  dense(w) }"),
  MM2018: E("Imports form a cycle: a file imports itself through other files. Blocks are shared by importing one file of them from each spec that needs them.", "// a.mm\nimport \"b.mm\"\n// b.mm\nimport \"a.mm\"", "// common.mm holds the shared blocks\n// a.mm\nimport \"common.mm\"\n// b.mm\nimport \"common.mm\""),
  MM3001: E("The layer needs a tensor of another rank: a vector [B, D], a sequence [B, L, D] or an image [B, H, W, C].", "encoder image_enc(image) -> [B, 64] {\n  dense(64)\n}", "encoder image_enc(image) -> [B, 64] {\n  mean(over: [H, W])\n  dense(64)\n}"),
  MM3002: E("An axis named in `over:` (or another axis argument) is not an axis of the tensor at that point.", "mean(over: L)   # on an image [B, H, W, C]", "mean(over: [H, W])"),
  MM3003: E("A residual adds its input to its body's output, so the body must end with the shape it began with.", "residual { dense(128) }   # input is [B, L, 64]", "residual { dense(128)\n  dense(64) }"),
  MM3004: E("The layer works on the last axis of vectors or sequences and gets an image; pool or flatten the image first.", "conv2d(32)\nlayer_norm()", "conv2d(32)\nmean(over: [H, W])\nlayer_norm()"),
  MM3005: E("Attention splits the width into equal heads, so the head count must divide it.", "attention(heads: 5)   # width 64", "attention(heads: 4)"),
  MM3006: E("The shape declared after `->` differs from what the body makes.", "encoder text_enc(text) -> [B, 64] {\n  embed(32)\n  mean(over: L)\n}", "encoder text_enc(text) -> [B, 64] {\n  embed(64)\n  mean(over: L)\n}"),
  MM3007: E("The sources of a fusion cannot be combined as asked: concat needs all axes but the last equal; add and gated need equal shapes.", "head fused(concat(image_seq, text_vec)) -> [B, 128] { ... }", "head fused(concat(image_vec, text_vec)) -> [B, 128] { ... }"),
  MM3008: E("A convolution or pooling window with `padding: valid` leaves no pixels.", "max_pool(2)\nmax_pool(2)\nmax_pool(2)\nconv2d(32, kernel: 5, padding: valid)   # on 4x4", "max_pool(2)\nconv2d(32, kernel: 3, padding: same)"),
  MM3009: E("The layer needs float features and gets token ids or labels (or the reverse: embed needs token ids).", "input text: Tokens[B, 12] vocab 100\nencoder t(text) -> [B, 64] { dense(64) }", "encoder t(text) -> [B, 64] {\n  embed(64)\n  mean(over: L)\n}"),
  MM3010: E("A contrastive loss compares two embeddings, which must have one width.", "encoder image_enc(image) -> [B, 64] { ... }\nencoder text_enc(text) -> [B, 32] { ... }\nloss infonce(image_enc, text_enc)", "# end both encoders with dense(64)\nloss infonce(image_enc, text_enc)"),
  MM3011: E("cross_entropy needs one logit per class of the labels input.", "input labels: Labels[B] classes 10\nhead cls(image_enc) -> [B, 8] { dense(8) }", "head cls(image_enc) -> [B, 10] { dense(10) }"),
  MM3012: E("A size that must divide another does not: a patch size and the image side, a group size and the batch.", "patch_embed(5, dim: 64)   # on a 32x32 image", "patch_embed(4, dim: 64)"),
  MM3013: E("A reshape must keep the number of elements of each item.", "reshape(to: [10, 10])   # from [B, 64]", "reshape(to: [8, 8])"),
  MM3014: E("Attention mixes the positions of a sequence [B, L, D]; a pooled vector has no positions left.", "mean(over: L)\nattention(heads: 4)", "attention(heads: 4)\nmean(over: L)"),
  MM3015: E("A value outside the range the argument allows (a rate of 1 or more, a negative size, a stride with a dilation).", "dropout(1.5)", "dropout(0.1)"),
  MM3016: E("The model unrolls to more than 20,000 layers (written out, in blocks or in repeat passes), far beyond what trains here.", "repeat 100000 { dense(64) }", "repeat 12 { dense(64) }"),
  MM3018: E("The model a `tfjs_model(...)` loads takes an input shape (its first layer's `inputShape`) that the tensor reaching it does not have.", "input image: Image[B, 64, 64, 3]\nencoder image_enc(image) -> [B, 64] {\n  tfjs_model(\"models/cnn_32/model.json\", output: [B, 64])\n}", "input image: Image[B, 32, 32, 3]\nencoder image_enc(image) -> [B, 64] {\n  tfjs_model(\"models/cnn_32/model.json\", output: [B, 64])\n}"),
  MM3019: E("`tfjs_model(...)` declares the shape its model makes (`output:`), so that a spec reads without the file; the model in the file makes another.", "tfjs_model(\"models/cnn/model.json\", output: [B, 128])   # the model makes [B, 64]", "tfjs_model(\"models/cnn/model.json\", output: [B, 64])"),
  MM3017: E("Zero-shot classification embeds each test image with the image tower alone and each class's prompts with the text tower alone, so neither may read the other side's input (a fusion tower reads both).", "encoder joint(image_enc, text_enc) -> [B, 64] { concat() dense(64) }\nevaluate zero_shot(image_enc, joint)", "evaluate zero_shot(image_enc, text_enc)"),
  MM4001: E("The spec's vocabulary is smaller than the data's, so some words would have no embedding.", "input text: Tokens[B, 12] vocab 10   # the captions have 40 words", "input text: Tokens[B, 12] vocab 64"),
  MM4002: E("The image input's size differs from the data's images.", "input image: Image[B, 64, 64, 3]   # data shapes(size: 32)", "input image: Image[B, 32, 32, 3]"),
  MM4003: E("A labels input's class count differs from the data's classes.", "input labels: Labels[B] classes 10   # the data has 48", "input labels: Labels[B] classes 48"),
  MM4004: E("A batch cannot be larger than the training set.", "data shapes(train: 32)\ntrain { batch: 64, epochs: 1 }", "data shapes(train: 32)\ntrain { batch: 16, epochs: 1 }"),
  MM4005: E("A training setting that cannot work as given: epochs and steps together, or a group batch that is no multiple of the group size.", "train { batch: 64, epochs: 2, steps: 1000 }", "train { batch: 64, steps: 1000 }"),
  MM4006: E("`batches: groups` builds batches from swap groups of hard negatives, which only some data sets have (shapes).", "data noise()\ntrain { batch: 64, epochs: 1, batches: groups }", "data shapes()\ntrain { batch: 64, epochs: 1, batches: groups }"),
  MM4007: E("The data layer failed without saying which of its errors it was (its own code, MM5xxx, is shown when it does).", "data files(train: \"train.csv\", test: \"test.csv\")", "# fix what the message names: the file, the line and the column"),
  MM4008: E("A tower's `from` names an earlier run whose weights for that tower differ from the spec's: a layer the run lacks, one only the run has, or one of another size. Weights match by layer kind, count and parameter (`dense#2/kernel`).", "// the run's image_enc ends with dense(64)\nencoder image_enc(image) -> [B, 32] from \"runs/pre/model\" {\n  conv2d(16, kernel: 3, activation: relu)\n  mean(over: [H, W])\n  dense(32)\n}", "encoder image_enc(image) -> [B, 64] from \"runs/pre/model\" {\n  conv2d(16, kernel: 3, activation: relu)\n  mean(over: [H, W])\n  dense(64)\n}"),
  MM4009: E("A tower's `from` names a folder that holds no readable saved model (model.json and weights.bin, as `mmc run` writes them), so its weights cannot be compared; `mmc run` refuses to start without them.", "encoder image_enc(image) -> [B, 64] from \"runs/not_trained_yet/model\" { ... }", "// first: mmc run specs/pretrain.mm --out runs/pretrain\nencoder image_enc(image) -> [B, 64] from \"../runs/pretrain/model\" { ... }"),
  MM4010: E("A zero-shot prompt template needs `{}` where the class name goes, and at least one template is needed; without it every class gets the same prompt.", "evaluate zero_shot(image_enc, text_enc, templates: [\"a photo\"])", "evaluate zero_shot(image_enc, text_enc, templates: [\"a photo of a {}\"])"),
  MM4012: E("`tfjs_model(...)` names a model.json that cannot be loaded: no such file, not valid JSON, neither a LayersModel nor a GraphModel tfjs can build, a model of more than one input or output, or a weight file the manifest lists that is missing or of another size. The path is relative to the spec's folder.", "tfjs_model(\"models/cnn\", output: [B, 64])", "tfjs_model(\"models/cnn/model.json\", output: [B, 64])"),
  MM4013: E("Here (the playground) no file can be read, so a `tfjs_model(...)` layer's shapes are taken as declared and its weights are unknown; the command line checks them against the file.", "tfjs_model(\"models/cnn/model.json\", output: [B, 64])   # in the playground", "npx mmc check spec.mm"),
  MM4014: E("The PyTorch engine (`mmc export --format torch`, `mmc run --engine torch`) lowers mmc's own layers to PyTorch; a tfjs model loaded from disk is a tfjs graph of Keras layers it does not translate, so such a spec runs on the tfjs engine only.", "encoder image_enc(image) -> [B, 64] {\n  tfjs_model(\"models/cnn/model.json\", output: [B, 64])\n}   # mmc run --engine torch", "mmc run spec.mm   # the tfjs engine"),
  MM4015: E("A GraphModel (a converted SavedModel or frozen graph) is an inference graph: tfjs runs it and passes gradients through it to the layers before it, but cannot train its own weights, so it runs frozen; `frozen` after the call says so and silences this.", "tfjs_model(\"models/graph/model.json\", output: [B, 64])", "tfjs_model(\"models/graph/model.json\", output: [B, 64]) frozen"),
  MM4011: E("Zero-shot classification scores the test images against the data's class names, so the data must name at least two classes (a manifest needs its label column).", "data files(train: \"train.csv\", test: \"test.csv\")\nevaluate zero_shot(image_enc, text_enc)", "data files(train: \"train.csv\", test: \"test.csv\", label_key: \"label\")\nevaluate zero_shot(image_enc, text_enc)"),
  MM4016: E("Zero-shot prompts (each template with a class name in its `{}`) go through the text tower tokenised with the training captions' vocabulary, so a word the captions never use becomes <unk>. A class none of whose words is known gets the same prompts as every other such class, and zero-shot cannot tell those classes apart; an unknown template word is the same <unk> in every prompt. The run goes ahead and scores what the known words allow.", "data emoji(classes: \"group\")\nevaluate zero_shot(image_enc, text_enc, templates: [\"a {} emoji\"])   # \"emoji\", \"smileys\" are no emoji name's words", "data emoji(classes: \"subgroup\")\nevaluate zero_shot(image_enc, text_enc, templates: [\"{}\", \"{} face\"])"),
  MM5001: E("The data layer was asked for a kind it does not have (the checker reports this as MM2010 for specs).", "loadData({ kind: \"shape\", ... })", "loadData({ kind: \"shapes\", ... })"),
  MM5002: E("The data layer was given an argument its kind does not take (MM2002 in a spec).", "data shapes(trian: 8000)", "data shapes(train: 8000)"),
  MM5003: E("A data argument has the wrong type or is out of range: counts are whole numbers, choices come from a list.", "data shapes(train: 2.5)", "data shapes(train: 2500)"),
  MM5004: E("A data argument the kind cannot do without is missing, such as the manifests of `files`.", "data files(test: \"test.csv\")", "data files(train: \"train.csv\", test: \"test.csv\")"),
  MM5005: E("The data kind cannot be made here, such as emoji drawings in a browser tab.", "data emoji()   # in the playground", "data shapes()"),
  MM5010: E("A manifest named by `data files(...)` does not exist; paths resolve relative to the spec's folder.", "data files(train: \"data/train.csv\", test: \"data/test.csv\")   # no data/ folder", "data files(train: \"train.csv\", test: \"test.csv\")   # beside the spec"),
  MM5011: E("A manifest line cannot be parsed: a broken JSONL object, or a CSV row with more fields than the header.", "{\"filepath\": \"img/0.png\", \"title\": \"red circle", "{\"filepath\": \"img/0.png\", \"title\": \"red circle\"}"),
  MM5012: E("The manifest lacks a column mmc needs (the image path or the caption).", "filepath,caption\nimg/0.png,red circle", "filepath,title\nimg/0.png,red circle"),
  MM5013: E("The manifest has a header and no items.", "filepath,title", "filepath,title\nimg/0.png,red circle"),
  MM5014: E("A caption is empty (or only punctuation): there is nothing to embed.", "filepath,title\nimg/0.png,", "filepath,title\nimg/0.png,red circle"),
  MM5015: E("An image the manifest names does not exist; image paths resolve relative to the manifest.", "filepath,title\nimg/nope.png,red circle", "filepath,title\nimg/0.png,red circle"),
  MM5016: E("An image in a format mmc does not decode; it reads PNG and JPEG.", "filepath,title\nimg/0.webp,red circle", "filepath,title\nimg/0.png,red circle"),
  MM5017: E("An image file is broken or truncated and cannot be decoded.", "filepath,title\nimg/truncated.jpg,red circle", "filepath,title\nimg/whole.jpg,red circle   # re-export the image"),
  MM5018: E("A test item's label never occurs in the training manifest, so no class index exists for it.", "# train labels: cat, dog; test.csv has a row labelled bird", "# add bird items to the training manifest, or drop the test row"),
  MM5020: E("The emoji data set needs the emoji drawings of an npm package that is not installed or cannot be read.", "data emoji(train: twemoji)   # emoji-datasource-twitter missing", "npm install emoji-datasource-twitter"),
  MM5021: E("A `data shards(...)` pattern cannot be expanded: braces hold a range such as {0000..0007} (zero-padded to the first bound's width) or a list such as {a,b}, never nested, always closed.", "data shards(train: \"data/train-{0000..0007.tar\", test: \"data/test-0000.tar\")", "data shards(train: \"data/train-{0000..0007}.tar\", test: \"data/test-0000.tar\")"),
  MM5022: E("A shard the pattern names does not exist; shard paths resolve relative to the spec's folder.", "data shards(train: \"data/train-{0000..0009}.tar\", test: \"data/test-0000.tar\")   # only 8 train shards were written", "data shards(train: \"data/train-{0000..0007}.tar\", test: \"data/test-0000.tar\")   # the pattern mmc data export printed"),
  MM5023: E("A shard is not a valid tar file, or it is cut short (a copy that stopped early); the message names the shard and the last sample read.", "# train-0003.tar was truncated while copying", "# copy the shard again, or re-run mmc data export"),
  MM5024: E("A sample in a shard lacks its image (.png or .jpg) or its caption (.txt), has an unreadable .json, or has a label or group where the others have none (or none where they have one); the message names the shard and the sample key.", "# 000042.txt without 000042.png in train-0000.tar", "# write every sample with an image and a caption (mmc data export does)"),
  MM5025: E("The shards disagree with the info.json beside them (an image of another size, a label not among its classes) or with each other (an image of another size than the first, when there is no info.json).", "# train-0001.tar holds 64x64 images; info.json says imageSize [32, 32, 3]", "# export all shards from one spec with one `mmc data export`, which writes info.json too"),
};

/** The explanation as `mmc explain` prints it. */
export function formatExplanation(code: Code): string {
  const e = EXPLANATIONS[code];
  const indent = (s: string) => s.split("\n").map((l) => `    ${l}`).join("\n");
  return `${code}: ${CODES[code]}\n\n${e.summary}\n\nWrong:\n\n${indent(e.wrong)}\n\nRight:\n\n${indent(e.right)}\n`;
}
