// One open document and its checks: the newest (of the text in the editor once `fresh` has
// run) and the newest that checked, which hover and inlay hints fall back on mid-edit.
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Checked } from "../language-service/answering.js";
import type { CheckedSpec } from "./spec-checker.js";

export interface OpenSpec {
  doc: TextDocument;
  latest?: CheckedSpec;
  lastGood?: CheckedSpec;
}

export function checkedOf(s: OpenSpec): Checked {
  return {
    ...(s.latest ? { latest: { analysis: s.latest.analysis, text: s.latest.text } } : {}),
    ...(s.lastGood ? { lastGood: { analysis: s.lastGood.analysis, text: s.lastGood.text } } : {}),
  };
}
