/**
 * Shape helpers shared by the losses: tensor conversion, Keras's
 * `squeeze_or_expand_to_same_rank`, and the checks that turn a shape mismatch
 * into a {@link ShapeError} naming both shapes.
 */
import { type Config, SerializationError, toCamelCase, ValueError } from '@layerwise/core';
import {
  cast,
  expandDims,
  ShapeError,
  shapeString,
  squeeze,
  type Tensor,
  type TensorInput,
  tensor,
} from '@layerwise/tensors';

/**
 * Keras's `backend.epsilon()`: the clipping bound of probabilities in the crossentropies.
 *
 * @example
 * ```ts
 * clipByValue(probs, EPSILON, 1 - EPSILON);
 * ```
 */
export const EPSILON = 1e-7;

/** Whether `x` is a tensor (as opposed to numbers or nested arrays). */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && 'dataId' in x && 'shape' in x && 'dtype' in x;
}

/** `x` as a float32 tensor (Keras converts `y_true` and `y_pred` to the loss dtype). */
export function asFloat(x: TensorInput): Tensor {
  if (isTensor(x)) return x.dtype === 'float32' ? x : cast(x, 'float32');
  return tensor(x as never, undefined, 'float32');
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

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Throws a {@link ShapeError} naming both shapes unless `yTrue` and `yPred`
 * have the same shape (after {@link squeezeOrExpandToSameRank}).
 */
export function checkSameShape(who: string, yTrue: Tensor, yPred: Tensor): void {
  if (!sameShape(yTrue.shape, yPred.shape)) {
    throw new ShapeError(
      `${who}: yTrue has shape ${shapeString(yTrue.shape)} but yPred has shape ${shapeString(yPred.shape)}. ` +
        'Expected the same shape (a trailing dimension of 1 on either side is squeezed or added). ' +
        'Reshape the targets to match the model output.',
    );
  }
}

/** Throws a {@link ShapeError} if `t` is a scalar: the crossentropies reduce over an axis. */
export function checkRankAtLeast1(who: string, arg: string, t: Tensor): void {
  if (t.rank < 1) {
    throw new ShapeError(
      `${who}: ${arg} is a scalar (shape []); expected a tensor of rank >= 1 such as [batch, classes].`,
    );
  }
}

/** `axis` normalized for a tensor of `rank`, or a {@link ValueError} naming the argument. */
export function normalizeLossAxis(who: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(
      `${who}: axis ${axis} is out of range for yPred of rank ${rank}. Expected an integer in [${-rank}, ${rank - 1}].`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Throws a {@link ValueError} unless `value` is a number in [0, 1]. */
export function checkLabelSmoothing(who: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ValueError(`${who}: labelSmoothing is ${value}; expected a number in [0, 1].`);
  }
}

/**
 * Reads a config (camelCase or Keras's snake_case keys) into constructor
 * options, refusing keys the class does not know. `dtype` (which Keras
 * writes) is accepted when it is float32 and dropped.
 */
export function readConfig(className: string, config: Config, allowed: readonly string[]): Record<string, unknown> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new SerializationError(`${className}.fromConfig: expected a config object, got ${JSON.stringify(config)}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const k = toCamelCase(key);
    if (k === 'dtype') {
      if (value === null || value === 'float32') continue;
      throw new SerializationError(
        `${className}.fromConfig: dtype '${JSON.stringify(value)}' is not supported; losses compute in float32.`,
      );
    }
    if (!allowed.includes(k)) {
      throw new SerializationError(
        `${className}.fromConfig: unknown config key '${key}'. Expected some of: ${allowed.join(', ')}.`,
      );
    }
    out[k] = value;
  }
  if (out.reduction === null) out.reduction = 'none';
  return out;
}
