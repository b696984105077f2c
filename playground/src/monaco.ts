// Monaco without its bundled languages: the editor API, its editing features (hover,
// completion, inlay hints, formatting, find, folding...) and its own web worker.
import * as monaco from "monaco-editor/editor/editor.api.js";
import "monaco-editor/features/register.all.js";
import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
