/**
 * Lining up targets with predictions, shared by losses and metrics (Keras's
 * `squeeze_or_expand_to_same_rank` and its shape check).
 */
import { expandDims, ShapeError, shapeString, squeeze, type Tensor } from '@layerwise/tensors';

/**
 * When the ranks differ by exactly one and the longer tensor ends in a
 * dimension of 1, squeezes that dimension (or, when the shorter one is rank 1
 * and `expandRank1`, expands the shorter one instead), as Keras does.
 *
 * @example
 * ```ts
 * const [a, b] = squeezeOrExpandToSameRank(ones([3]), ones([3, 1])); // shapes [3,1] and [3,1]
 * ```
 */
export function squeezeOrExpandToSameRank(x1: Tensor, x2: Tensor, expandRank1 = true): [Tensor, Tensor] {
  const r1 = x1.rank;
  const r2 = x2.rank;
  if (r1 === r2) return [x1, x2];
  if (r1 === r2 + 1 && x1.shape[r1 - 1] === 1) {
    if (r2 === 1 && expandRank1) x2 = expandDims(x2, -1);
    else x1 = squeeze(x1, -1);
  }
  if (r2 === r1 + 1 && x2.shape[r2 - 1] === 1) {
    if (r1 === 1 && expandRank1) x1 = expandDims(x1, -1);
    else x2 = squeeze(x2, -1);
  }
  return [x1, x2];
}

/**
 * Throws a {@link ShapeError} naming both shapes unless `yTrue` and `yPred`
 * have the same shape (after {@link squeezeOrExpandToSameRank}).
 */
export function checkSameShape(who: string, yTrue: Tensor, yPred: Tensor, expected = 'the same shape'): void {
  const a = yTrue.shape;
  const b = yPred.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ShapeError(
      `${who}: yTrue has shape ${shapeString(a)} but yPred has shape ${shapeString(b)}. Expected ${expected} ` +
        '(a trailing dimension of 1 on either side is squeezed or added). Reshape the targets to match the model output.',
    );
  }
}
