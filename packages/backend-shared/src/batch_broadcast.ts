import { broadcast_util, util } from '@tensorflow/tfjs-core';

/**
 * The broadcast batch shape of two BatchMatMul operands (all but their last
 * two dimensions), and whether tfjs's own kernel handles it (`simple`): it
 * flattens each operand's batch dimensions and broadcasts only a batch of 1,
 * so `[2, 1, m, k]` times `[3, k, n]` needs tiling first.
 *
 * @example
 * ```ts
 * batchBroadcast([2, 1, 4, 5], [3, 5, 6]); // { outer: [2, 3], simple: false }
 * batchBroadcast([1, 4, 5], [3, 5, 6]); // { outer: [3], simple: true }
 * ```
 */
export function batchBroadcast(
  aShape: readonly number[],
  bShape: readonly number[],
): { outer: number[]; simple: boolean } {
  const outer = broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
  const batchA = util.sizeFromShape(aShape.slice(0, -2));
  const batchB = util.sizeFromShape(bShape.slice(0, -2));
  const simple =
    util.sizeFromShape(outer) === Math.max(batchA, batchB) && (batchA === 1 || batchB === 1 || batchA === batchB);
  return { outer, simple };
}

/**
 * How to tile an operand of shape `shape` (batch dimensions, then two matrix
 * dimensions) to the batch shape `outer`: the operand's shape with its batch
 * dimensions left-padded with 1s (`padded`, a view of the same data) and the
 * Tile `reps` for it; null if the batch dimensions already equal `outer`.
 *
 * @example
 * ```ts
 * batchTiling([1, 4, 5], [2, 3]); // { padded: [1, 1, 4, 5], reps: [2, 3, 1, 1] }
 * batchTiling([2, 3, 4, 5], [2, 3]); // null
 * ```
 */
export function batchTiling(
  shape: readonly number[],
  outer: readonly number[],
): { padded: number[]; reps: number[] } | null {
  const own = shape.slice(0, -2);
  const paddedBatch = [...new Array(outer.length - own.length).fill(1), ...own];
  if (paddedBatch.every((d, i) => d === outer[i])) return null;
  const reps = [...outer.map((d, i) => (paddedBatch[i] === d ? 1 : d)), 1, 1];
  return { padded: [...paddedBatch, ...shape.slice(-2)], reps };
}
