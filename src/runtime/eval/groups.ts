// Winoground-style scores on swap groups: each group holds one scene's hard negatives
// (the same words, colours or objects swapped), so only a model that binds words to the
// right things can tell its members apart.
import { dotRows, normalizeRows, rowCount } from "./vectors.js";
import { hitWithin, rankOutcome, TIE_EPS } from "./ranks.js";

export interface GroupOptions {
  /** Caption id per item; equal ids inside a group are interchangeable answers. */
  captionIds?: ArrayLike<number>;
  /** Scores within eps of each other tie; default TIE_EPS. */
  tieEps?: number;
}

/**
 * Everything is judged inside a group G of n >= 2 items (groups of one are skipped), on
 * cosine scores s(caption a, image b), a, b in G:
 * - a caption is right when its own image scores highest among G's images;
 * - an image is right when its own caption scores highest among G's distinct captions
 *   (copies of one caption count once, as in retrieval.ts);
 * - a tie at the top counts 1/(number tied) (the chance a random tie-break is right, the
 *   same rule as the retrieval ranks), so a model that embeds a group's captions
 *   identically scores exactly chance.
 * Winoground names these the other way round (its "text score" asks each image to pick a
 * caption); here the name says which modality is the query.
 */
export interface GroupScores {
  /** Groups with at least two items. */
  groups: number;
  /** Items in those groups. */
  items: number;
  /** Mean over captions of "caption picks its own image" (text -> image). Chance 1/n. */
  groupTextAcc: number;
  /** Mean over images of "image picks its own caption" (image -> text). Chance 1/n. */
  groupImageAcc: number;
  /** (groupTextAcc + groupImageAcc) / 2; 0.25 is chance for groups of four. */
  groupScore: number;
  /**
   * Fraction of groups where all 2n choices are right (the product of their tie-broken
   * credits); with random scores far below groupScore's chance.
   */
  groupStrict: number;
  /** groupTextAcc for a random ranking: mean over captions of (images of its caption) / n. */
  textChance: number;
  /** groupImageAcc for a random ranking: mean over images of 1 / (distinct captions in G). */
  imageChance: number;
  /** groupScore for a random ranking: (textChance + imageChance) / 2. */
  chance: number;
}

export function groupScores(
  textEmb: Float32Array,
  imageEmb: Float32Array,
  dim: number,
  groups: ArrayLike<number>,
  opts: GroupOptions = {},
): GroupScores {
  const n = rowCount(textEmb, dim);
  if (rowCount(imageEmb, dim) !== n || groups.length !== n) {
    throw new Error(`groupScores: ${n} texts, ${rowCount(imageEmb, dim)} images, ${groups.length} group ids`);
  }
  const ids = opts.captionIds ?? Int32Array.from({ length: n }, (_, i) => i);
  const eps = opts.tieEps ?? TIE_EPS;
  const text = normalizeRows(textEmb, dim);
  const image = normalizeRows(imageEmb, dim);
  let textHits = 0;
  let imageHits = 0;
  let textChanceSum = 0;
  let imageChanceSum = 0;
  let strict = 0;
  let items = 0;
  let count = 0;
  for (const members of membersByGroup(groups)) {
    const m = members.length;
    if (m < 2) continue;
    const sub = new Float32Array(m * m); // sub[a * m + b]: caption a vs image b
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) sub[a * m + b] = dotRows(text, members[a], image, members[b], dim);
    }
    const subIds = members.map((i) => ids[i]!);
    // Caption rows of each distinct id (its first member), the image side's gallery.
    const firstOf = subIds.map((id, a) => subIds.indexOf(id) === a);
    const captionRows = subIds.flatMap((_, a) => (firstOf[a] ? [a] : []));
    const distinctSub = new Float32Array(captionRows.length * m);
    captionRows.forEach((a, d) => distinctSub.set(sub.subarray(a * m, (a + 1) * m), d * m));
    const distinctIds = captionRows.map((a) => subIds[a]!);
    let all = 1;
    for (let a = 0; a < m; a++) {
      const t = hitWithin(rankOutcome(sub, a * m, 1, subIds, subIds[a]!, eps), 1);
      const i = hitWithin(rankOutcome(distinctSub, a, m, distinctIds, subIds[a]!, eps), 1);
      textHits += t;
      imageHits += i;
      all *= t * i;
      textChanceSum += subIds.filter((x) => x === subIds[a]).length / m;
      imageChanceSum += 1 / distinctIds.length;
    }
    strict += all;
    items += m;
    count++;
  }
  const textAcc = textHits / items;
  const imageAcc = imageHits / items;
  return {
    groups: count,
    items,
    groupTextAcc: textAcc,
    groupImageAcc: imageAcc,
    groupScore: (textAcc + imageAcc) / 2,
    groupStrict: strict / count,
    textChance: textChanceSum / items,
    imageChance: imageChanceSum / items,
    chance: (textChanceSum + imageChanceSum) / (2 * items),
  };
}

/** Item indices per group id, groups in order of first appearance (members need not be consecutive). */
function membersByGroup(groups: ArrayLike<number>): number[][] {
  const map = new Map<number, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const list = map.get(groups[i]);
    if (list) list.push(i);
    else map.set(groups[i], [i]);
  }
  return [...map.values()];
}
