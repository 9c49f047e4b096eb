/**
 * Helpers shared by the metrics: tensor conversion, Keras's
 * `squeeze_or_expand_to_same_rank` and `reduce_to_samplewise_values`, and
 * config reading. (The losses package has its own copy of the first two:
 * metrics do not depend on losses.)
 */
import { type Config, SerializationError, toCamelCase } from '@layerwise/core';
import {
  type Axis,
  broadcastTo,
  cast,
  expandDims,
  mul,
  ShapeError,
  shapeString,
  squeeze,
  type Tensor,
  type TensorInput,
  tensor,
} from '@layerwise/tensors';

/** Whether `x` is a tensor (as opposed to numbers, booleans or nested arrays). */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'dataId' in x && 'shape' in x && 'dtype' in x;
}

/** `x` as a tensor, keeping its dtype (plain arrays become float32, or bool for booleans). */
export function asTensor(x: TensorInput): Tensor {
  return isTensor(x) ? x : tensor(x as never);
}

/** `x` as a float32 tensor (booleans become 0 and 1). */
export function asFloat(x: TensorInput): Tensor {
  const t = asTensor(x);
  return t.dtype === 'float32' ? t : cast(t, 'float32');
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by exactly
 * one and the longer tensor ends in a dimension of 1, squeeze that dimension
 * (or, when the shorter one is rank 1 and `expandRank1`, expand it instead).
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

/** Throws a {@link ShapeError} naming both shapes unless they are equal. */
export function checkSameShape(who: string, yTrue: Tensor, yPred: Tensor, expected = 'the same shape'): void {
  const a = yTrue.shape;
  const b = yPred.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new ShapeError(
      `${who}: yTrue has shape ${shapeString(a)} but yPred has shape ${shapeString(b)}. Expected ${expected} ` +
        '(a trailing dimension of 1 on either side is squeezed or added).',
    );
  }
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

/**
 * Reads a config (camelCase or Keras's snake_case keys) into constructor
 * options, refusing keys the class does not know.
 */
export function readConfig(className: string, config: Config, allowed: readonly string[]): Record<string, unknown> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new SerializationError(`${className}.fromConfig: expected a config object, got ${JSON.stringify(config)}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const k = toCamelCase(key);
    if (!allowed.includes(k)) {
      throw new SerializationError(
        `${className}.fromConfig: unknown config key '${key}'. Expected some of: ${allowed.join(', ')}.`,
      );
    }
    out[k] = value;
  }
  return out;
}
