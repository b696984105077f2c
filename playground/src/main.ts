// The playground page: the editor on the left, training on the right, the spec in the URL.
import "./style.css";
import { SpecEditor, defineTheme } from "./editor.js";
import { monaco } from "./monaco.js";
import { TrainingPanel } from "./training.js";
import { kernelChoiceFromQuery } from "./kernel-choice.js";
import { decodeSpec, encodeSpec } from "./share.js";
import type { Analysis } from "../../src/language-service/analysis.js";
import type { BackendName } from "./protocol.js";
import { fmtInt } from "../../src/check/summary.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const EXAMPLES: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob("../../specs/*.mm", { query: "?raw", import: "default", eager: true }) as Record<string, string>).map(([path, text]) => [
    path.replace(/^.*\//, "").replace(/\.mm$/, ""),
    text,
  ]),
);

function hashParam(name: string): string | undefined {
  return new RegExp(`(?:^#|&)${name}=([^&]*)`).exec(location.hash)?.[1];
}

async function main(): Promise<void> {
  defineTheme();
  const fromLink = await decodeSpec(location.hash);
  const names = Object.keys(EXAMPLES).sort((a, b) => (a === "simple" ? -1 : b === "simple" ? 1 : a.localeCompare(b)));
  const exampleName = hashParam("example");
  const initialName = fromLink !== undefined ? undefined : exampleName && EXAMPLES[exampleName] ? exampleName : names[0];
  const initial = fromLink ?? (initialName ? EXAMPLES[initialName]! : "model my_model\n");

  const select = $<HTMLSelectElement>("example");
  const custom = new Option("(your spec)", "", false, initialName === undefined);
  custom.hidden = true;
  select.append(custom, ...names.map((n) => new Option(`specs/${n}.mm`, n, false, n === initialName)));
  if (initialName === undefined) custom.hidden = false;

  const training = new TrainingPanel();
  training.kernels = kernelChoiceFromQuery(location.search);
  const backendSelect = $<HTMLSelectElement>("backend");
  const backends: BackendName[] = ["wasm", "webgl"];
  const wanted = hashParam("backend") as BackendName | undefined;
  training.backend = wanted && (backends.includes(wanted) || wanted === "webgpu") ? wanted : "wasm";
  if (training.backend !== "webgpu") training.prepare(); // webgpu waits for the adapter check below
  backendSelect.append(...backends.map((b) => new Option(b, b, false, b === training.backend)));
  // webgpu is offered only where the browser hands out an adapter (navigator.gpu alone is not enough).
  void hasWebGpuAdapter().then((yes) => {
    if (yes) backendSelect.append(new Option("webgpu", "webgpu", false, training.backend === "webgpu"));
    else if (training.backend === "webgpu") {
      training.backend = "wasm";
      backendSelect.value = "wasm";
      toast("This browser has no WebGPU adapter: training on wasm.");
      training.restart();
    }
  });
  backendSelect.onchange = () => {
    training.backend = backendSelect.value as BackendName;
    void updateHash();
    training.restart();
  };
  const full = $<HTMLInputElement>("full");
  full.onchange = () => {
    training.full = full.checked;
    training.restart();
  };

  const editor = new SpecEditor($("editor"), initial);
  editor.onAnalysis = (a) => {
    renderCheck(a, editor);
    training.onAnalysis(a);
  };
  let hashTimer: number | undefined;
  let choosing = false;
  // Clicking into the text is the start of typing: the trainer holds from then on, not from the first key.
  editor.editor.onDidFocusEditorText(() => training.onEdit());
  editor.onEdit = () => {
    training.onEdit();
    if (!choosing) {
      custom.hidden = false;
      select.value = "";
    }
    window.clearTimeout(hashTimer);
    hashTimer = window.setTimeout(() => void updateHash(), 400);
  };
  async function updateHash(): Promise<void> {
    const spec = await encodeSpec(editor.model.getValue());
    const backend = training.backend !== "wasm" ? `&backend=${training.backend}` : "";
    history.replaceState(null, "", `#spec=${spec}${backend}`);
  }
  select.onchange = () => {
    const text = EXAMPLES[select.value];
    if (text === undefined) return;
    choosing = true;
    editor.setText(text);
    choosing = false;
    custom.hidden = true;
  };
  $("format").onclick = () => void editor.editor.getAction("editor.action.formatDocument")?.run();
  $("share").onclick = async () => {
    await updateHash();
    try {
      await navigator.clipboard.writeText(location.href);
      toast("Link copied: it opens this spec.");
    } catch {
      toast("Copy the address bar: it holds this spec.");
    }
  };
  for (const tab of document.querySelectorAll<HTMLButtonElement>(".tab")) {
    tab.onclick = () => {
      for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t === tab);
      $("tab-train").hidden = tab.dataset["tab"] !== "train";
      $("tab-shapes").hidden = tab.dataset["tab"] !== "shapes";
    };
  }
  (window as unknown as { __mmc: unknown }).__mmc = { editor, monaco, training };
}

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

function renderCheck(a: Analysis, editor: SpecEditor): void {
  const pill = $("check-status");
  pill.dataset["state"] = a.errors ? "error" : "ok";
  $("check-text").textContent = a.errors
    ? `${a.errors} error${a.errors === 1 ? "" : "s"}`
    : `${a.model ?? "spec"} · ${fmtInt(a.paramCount ?? 0)} parameters${a.warnings ? ` · ${a.warnings} warning${a.warnings === 1 ? "" : "s"}` : ""}`;
  $("problems-count").textContent = String(a.diagnostics.length);
  $("problems").dataset["count"] = String(a.diagnostics.length);
  $("check-time").textContent = `checked in ${a.ms < 10 ? a.ms.toFixed(1) : Math.round(a.ms)} ms`;
  const list = $("problems-list");
  list.replaceChildren(
    ...a.diagnostics.map((d) => {
      const li = document.createElement("li");
      li.className = d.severity;
      li.dataset["code"] = d.code;
      li.dataset["line"] = String(d.primary.line);
      const head = document.createElement("div");
      head.className = "problem";
      head.innerHTML = `<span class="sev">${d.severity}</span><span class="code">${d.code}</span><span class="msg"></span><span class="loc">line ${d.primary.line}:${d.primary.column}</span>`;
      head.querySelector(".msg")!.textContent = d.message;
      li.append(head);
      if (d.help) {
        const help = document.createElement("div");
        help.className = "problem-help";
        help.textContent = `help: ${d.help}`;
        li.append(help);
      }
      li.onclick = () => editor.revealLine(d.primary.line, d.primary.column);
      return li;
    }),
  );
  if (a.summary) $("summary").textContent = a.summary;
  else if (a.errors) $("summary").textContent = "The shape summary appears when the spec checks.";
}

let toastTimer: number | undefined;
function toast(text: string): void {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (t.hidden = true), 2200);
}

void main();
