// The loss terms of the IR and the settings each carries (every setting present: the
// checker fills in the defaults of the language).

export const TRIPLET_MINING = ["hardest", "semi_hard", "all"] as const;

export interface LossAttrs {
  infonce: { temperature: number; learnable: boolean; hard_negatives: number };
  siglip: { temperature: number; bias: number; learnable: boolean };
  triplet: { margin: number; mining: (typeof TRIPLET_MINING)[number] };
  cross_entropy: { smoothing: number };
}

export type LossKind = keyof LossAttrs;

/** A loss kind with its settings: `{ kind: "infonce", attrs: {...} }`. */
export type LossCall<K extends LossKind = LossKind> = { [P in K]: { kind: P; attrs: LossAttrs[P] } }[K];

/** The initial value of a learnable loss scalar: the log scale 1/temperature, or the bias. */
export function initialLossValue(term: LossCall, param: string): number {
  switch (term.kind) {
    case "infonce":
      return param === "logit_scale" ? Math.log(1 / term.attrs.temperature) : 0;
    case "siglip":
      return param === "logit_scale" ? Math.log(1 / term.attrs.temperature) : param === "logit_bias" ? term.attrs.bias : 0;
    default:
      return 0;
  }
}
