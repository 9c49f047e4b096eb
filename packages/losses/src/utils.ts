/**
 * Helpers shared by the losses: tensor conversion, argument checks and config
 * reading (the shape alignment with targets lives in @layerwise/core).
 */
import {
  type Config,
  checkSameShape,
  readConfig as readKnownKeys,
  SerializationError,
  squeezeOrExpandToSameRank,
  ValueError,
} from '@layerwise/core';
import { cast, customGrad, isTensor, ShapeError, type Tensor, type TensorInput, tensor } from '@layerwise/tensors';

/**
 * Keras's `backend.epsilon()`: the clipping bound of probabilities in the crossentropies.
 *
 * @example
 * ```ts
 * clipByValue(probs, EPSILON, 1 - EPSILON);
 * ```
 */
export const EPSILON = 1e-7;

/** `x` as a float32 tensor (Keras converts `y_true` and `y_pred` to the loss dtype). */
export function asFloat(x: TensorInput): Tensor {
  if (isTensor(x)) return x.dtype === 'float32' ? x : cast(x, 'float32');
  return tensor(x as never, undefined, 'float32');
}

/** The `save` callback a {@link customGrad} function receives. */
export type Save = (tensors: Tensor[]) => void;

/**
 * `f()`, computed without recording its ops on the gradient tape: one tape
 * node with no inputs, which backpropagation never visits. For values that
 * depend on targets, masks or static shapes alone (label preprocessing, mask
 * weights): recorded, each of their ops would keep copies of its inputs for a
 * backward pass that never comes. `f` must return a tensor it created.
 */
export function untaped(f: () => Tensor): Tensor {
  return customGrad((_save: Save) => ({ value: f(), gradFunc: () => [] }))();
}

/** `shape` with the entry at `axis` set to 1: where a per-sample loss's `dy` broadcasts over the reduced axis. */
export function keptDimsShape(shape: readonly number[], axis: number): number[] {
  return shape.map((d, i) => (i === axis ? 1 : d));
}

/** Throws a {@link ShapeError} if `t` is a scalar: the crossentropies reduce over an axis. */
export function checkRankAtLeast1(who: string, arg: string, t: Tensor): void {
  if (t.rank < 1) {
    throw new ShapeError(
      `${who}: ${arg} is a scalar (shape []); expected a tensor of rank >= 1 such as [batch, classes].`,
    );
  }
}

/**
 * Targets and predictions of an elementwise loss as float32 tensors of one
 * shape: a trailing dimension of 1 squeezed or added as Keras does, then any
 * other difference a `ShapeError` naming `who` and both shapes.
 *
 * @example
 * ```ts
 * const [t, p] = pairedInputs('meanAbsoluteError', yTrue, yPred);
 * ```
 */
export function pairedInputs(who: string, yTrue: TensorInput, yPred: TensorInput): [Tensor, Tensor] {
  const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
  checkRankAtLeast1(who, 'yPred', p);
  checkSameShape(who, t, p);
  return [t, p];
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
  if (config !== null && typeof config === 'object' && !Array.isArray(config) && 'dtype' in config) {
    const { dtype, ...rest } = config;
    if (dtype !== null && dtype !== 'float32') {
      throw new SerializationError(
        `${className}.fromConfig: dtype '${JSON.stringify(dtype)}' is not supported; losses compute in float32.`,
      );
    }
    config = rest;
  }
  const out = readKnownKeys(className, config, allowed);
  if (out.reduction === null) out.reduction = 'none';
  return out;
}

export { checkSameShape, squeezeOrExpandToSameRank } from '@layerwise/core';
export { isTensor };
