/**
 * Ranking metrics for a detector score where higher means machine: AUROC (ties count half) and the
 * true-positive rate at a false-positive-rate budget on the negatives (human pages).
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return NaN;
  const all = [
    ...positives.map((v) => ({ v, pos: true })),
    ...negatives.map((v) => ({ v, pos: false })),
  ].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]!.v === all[i]!.v) j++;
    const midRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k]!.pos) rankSum += midRank;
    i = j;
  }
  const p = positives.length;
  return (rankSum - (p * (p + 1)) / 2) / (p * negatives.length);
}

/**
 * The lowest threshold that flags at most `fpr` of the negatives (a page is flagged when its score
 * is at or above the threshold).
 */
export function thresholdAtFpr(negatives: readonly number[], fpr: number): number {
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(fpr * sorted.length);
  if (sorted.length === 0) return Infinity;
  // Flag strictly above the (allowed+1)-th highest negative.
  const bound = sorted[allowed]!;
  return nextUp(bound);
}

/**
 * The split-conformal threshold at level `alpha` on `negatives` (human calibration scores): a new
 * negative exchangeable with them scores at or above it with probability at most `alpha`. Infinity
 * (flag nothing) when there are too few negatives to promise the level (fewer than 1/alpha - 1).
 */
export function conformalThreshold(negatives: readonly number[], alpha: number): number {
  const n = negatives.length;
  const k = Math.ceil((n + 1) * (1 - alpha));
  if (k > n) return Infinity;
  const sorted = [...negatives].sort((a, b) => a - b);
  return nextUp(sorted[k - 1]!);
}

export function rateAtOrAbove(values: readonly number[], threshold: number): number {
  if (values.length === 0) return NaN;
  return values.filter((v) => v >= threshold).length / values.length;
}

export function tprAtFpr(positives: readonly number[], negatives: readonly number[], fpr: number): number {
  return rateAtOrAbove(positives, thresholdAtFpr(negatives, fpr));
}

function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  const step = Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
  return x + step;
}
