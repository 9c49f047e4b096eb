/**
 * Shape manipulation.
 */
import { broadcastShapes, normalizeAxis, type TensorInput, toTensor } from './check.js';
import { ShapeError, shapeString, ValueError } from './errors.js';
import { type Tensor, tfc } from './tfjs.js';

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Gives `x` a new shape with the same number of elements. One dimension may
 * be -1 and is inferred.
 *
 * @example `reshape(range(9), [3, 3])`
 */
export function reshape(x: TensorInput, shape: readonly number[]): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'reshape');
    const unknown = shape.filter((d) => d === -1).length;
    const known = size(shape.filter((d) => d !== -1));
    const bad = shape.some((d) => !Number.isInteger(d) || d < -1);
    if (
      bad ||
      unknown > 1 ||
      (unknown === 0 && known !== t.size) ||
      (unknown === 1 && (known === 0 || t.size % known !== 0))
    ) {
      throw new ShapeError(
        `reshape: cannot reshape a tensor of shape ${shapeString(t.shape)} (${t.size} elements) to ${shapeString(shape)}. ` +
          'Expected a shape with the same number of elements, with at most one -1.',
      );
    }
    return tfc.reshape(t, shape as number[]);
  });
}

/** Inserts a dimension of size 1 at `axis` (default 0). @example `expandDims(x, -1)` */
export function expandDims(x: TensorInput, axis = 0): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'expandDims');
    const a = normalizeAxis(axis, t.rank + 1, 'expandDims');
    return tfc.expandDims(t, a);
  });
}

/**
 * Removes dimensions of size 1: all of them, or only those at `axis`
 * (an error if one of those is not 1).
 *
 * @example `squeeze(zeros([3, 1, 4]))` has shape `[3, 4]`
 */
export function squeeze(x: TensorInput, axis?: number | number[]): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'squeeze');
    if (axis === undefined) return tfc.squeeze(t);
    const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => normalizeAxis(a, t.rank, 'squeeze'));
    for (const a of axes) {
      if (t.shape[a] !== 1) {
        throw new ShapeError(
          `squeeze: dimension ${a} of shape ${shapeString(t.shape)} is ${t.shape[a]}, expected 1. ` +
            'Only dimensions of size 1 can be squeezed.',
        );
      }
    }
    return tfc.squeeze(t, axes);
  });
}

/** Permutes dimensions (default: reverses them). @example `transpose(x, [0, 2, 1])` */
export function transpose(x: TensorInput, perm?: number[]): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'transpose');
    if (perm !== undefined) {
      const sorted = [...perm].sort((a, b) => a - b);
      if (perm.length !== t.rank || sorted.some((p, i) => p !== i)) {
        throw new ShapeError(
          `transpose: perm [${perm.join(',')}] is not a permutation of the ${t.rank} dimensions of ${shapeString(t.shape)}.`,
        );
      }
    }
    return tfc.transpose(t, perm);
  });
}

/** Repeats `x` `reps[i]` times along dimension i. @example `tile(tensor([1, 2]), [3])` */
export function tile(x: TensorInput, reps: number[]): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'tile');
    if (reps.length !== t.rank) {
      throw new ShapeError(`tile: reps has ${reps.length} entries but x ${shapeString(t.shape)} has rank ${t.rank}.`);
    }
    return tfc.tile(t, reps);
  });
}

/** Padding modes of {@link pad}. */
export type PadMode = 'constant' | 'reflect' | 'symmetric';

/**
 * Pads each dimension by `[before, after]` entries.
 *
 * @example `pad(x, [[1, 1], [2, 0]])` or `pad(x, [[1, 1]], 'reflect')`
 */
export function pad(
  x: TensorInput,
  paddings: Array<[number, number]>,
  mode: PadMode = 'constant',
  constantValue = 0,
): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'pad');
    if (paddings.length !== t.rank) {
      throw new ShapeError(
        `pad: paddings has ${paddings.length} pairs but x ${shapeString(t.shape)} has rank ${t.rank}. Give one [before, after] per dimension.`,
      );
    }
    if (mode === 'constant') return tfc.pad(t, paddings, constantValue);
    if (mode !== 'reflect' && mode !== 'symmetric') {
      throw new ValueError(`pad: unknown mode '${mode}'. Expected 'constant', 'reflect' or 'symmetric'.`);
    }
    return tfc.mirrorPad(t, paddings, mode);
  });
}

/** Broadcasts `x` to `shape` (NumPy rules). @example `broadcastTo(tensor([1, 2]), [3, 2])` */
export function broadcastTo(x: TensorInput, shape: number[]): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'broadcastTo');
    const out = broadcastShapes(t.shape, shape, 'broadcastTo');
    if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
      throw new ShapeError(
        `broadcastTo: a tensor of shape ${shapeString(t.shape)} cannot be broadcast to ${shapeString(shape)}.`,
      );
    }
    return tfc.broadcastTo(t, shape);
  });
}
