/**
 * Helpers shared by the metrics: tensor conversion and Keras's
 * `reduce_to_samplewise_values` (target alignment and config reading live in
 * @layerwise/core, shared with the losses).
 */
import { squeezeOrExpandToSameRank } from '@layerwise/core';
import {
  type Axis,
  broadcastTo,
  cast,
  isTensor,
  mul,
  ShapeError,
  shapeString,
  type Tensor,
  type TensorInput,
  tensor,
} from '@layerwise/tensors';

/** `x` as a tensor, keeping its dtype (plain arrays become float32, or bool for booleans). */
export function asTensor(x: TensorInput): Tensor {
  return isTensor(x) ? x : tensor(x as never);
}

/** `x` as a float32 tensor (booleans become 0 and 1). */
export function asFloat(x: TensorInput): Tensor {
  const t = asTensor(x);
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/**
 * Keras's `reduce_to_samplewise_values`: weights `values` by `sampleWeight`
 * and reduces both to one value per sample. The values are first reduced
 * (with `reduceFn`) to the weight's rank, so a `[batch]` weight weights
 * whole samples; the weight is then broadcast to the values (a
 * {@link ShapeError} if it cannot be) and reduced to one weight per sample.
 * Returns the per-sample values (`[batch]`, or a scalar for a scalar weight)
 * and weights.
 *
 * @example
 * ```ts
 * const [values, weights] = reduceToSamplewiseValues(tensor([[1, 3], [5, 7]]), tensor([1, 0]), mean, 'Mean');
 * // values [2, 0], weights [1, 0]
 * ```
 */
export function reduceToSamplewiseValues(
  values: TensorInput,
  sampleWeight: TensorInput | null | undefined,
  reduceFn: (x: Tensor, axis?: Axis) => Tensor,
  who: string,
): [Tensor, Tensor | undefined] {
  let v = asFloat(values);
  let w: Tensor | undefined;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    const original = v.shape;
    const given = asFloat(sampleWeight);
    [v, w] = squeezeOrExpandToSameRank(v, given);
    const weightRank = w.rank;
    if (v.rank > weightRank) v = reduceFn(v, range(weightRank, v.rank));
    const target = v.shape;
    const offset = target.length - w.rank;
    const fits = offset >= 0 && w.shape.every((d, i) => d === 1 || d === target[offset + i]);
    if (!fits) {
      throw new ShapeError(
        `${who}: sampleWeight has shape ${shapeString(given.shape)}, which does not fit values of ` +
          `shape ${shapeString(original)}. Expected a scalar, one weight per sample ([batch] or [batch, 1]) or a ` +
          'shape that broadcasts to the values.',
      );
    }
    w = broadcastTo(w, target);
    v = mul(v, w);
    if (weightRank > 1) w = reduceFn(w, range(1, weightRank));
  }
  if (v.rank > 1) v = reduceFn(v, range(1, v.rank));
  return [v, w];
}

export { checkSameShape, readConfig, squeezeOrExpandToSameRank } from '@layerwise/core';
export { isTensor };
