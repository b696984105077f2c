// Turns what a data set produced into the shared contract: the vocabulary (fixed by the
// data set, or built from the TRAINING captions), token ids at the spec's length, DataInfo.
import type { DataBundle, DataInfo, SplitData, Vocab } from "./types.js";
import type { DataPlan, LoadedData, SplitPixels } from "./source.js";
import { buildVocab, encode, maxCaptionWords, PAD_WORD, UNK_WORD } from "./tokenizer.js";

export function vocabOf(plan: DataPlan): Vocab {
  return plan.vocab ?? buildVocab(plan.train.captions);
}

export function infoOf(kind: string, plan: DataPlan, vocab: Vocab = vocabOf(plan)): DataInfo {
  return {
    kind,
    imageSize: plan.imageSize,
    vocabSize: vocab.words.length,
    words: vocab.words.filter((word) => word !== PAD_WORD && word !== UNK_WORD),
    maxCaptionWords: Math.max(maxCaptionWords(plan.train.captions), maxCaptionWords(plan.test.captions)),
    classes: plan.classes,
    trainCount: plan.train.captions.length,
    testCount: plan.test.captions.length,
    hasGroups: plan.hasGroups,
  };
}

function splitOf(split: SplitPixels, vocab: Vocab, seqLen: number): SplitData {
  const data: SplitData = {
    count: split.captions.length,
    images: split.images,
    captions: split.captions,
    tokens: encode(split.captions, vocab, seqLen),
  };
  if (split.labels) data.labels = split.labels;
  if (split.groups) data.groups = split.groups;
  return data;
}

export function bundleOf(kind: string, loaded: LoadedData, seqLen: number): DataBundle {
  const vocab = vocabOf(loaded);
  return {
    info: infoOf(kind, loaded, vocab),
    vocab,
    seqLen,
    train: splitOf(loaded.train, vocab, seqLen),
    test: splitOf(loaded.test, vocab, seqLen),
  };
}
