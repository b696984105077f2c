// Which training kernels the page asks its worker for: ours unless the URL says `?kernels=stock`
// (bench/playground.ts compares the two in one run). Not in the hash: a shared spec link keeps
// the hash, and a bench switch has no business travelling with it.
import type { KernelChoice } from "../../src/kernels/index.js";

export function kernelChoiceFromQuery(search: string): KernelChoice {
  return new URLSearchParams(search).get("kernels") === "stock" ? "stock" : "ours";
}
