/**
 * Joining and splitting tensors.
 */
import { normalizeAxis, type TensorInput, toTensor } from './check.js';
import { ShapeError, shapeString, ValueError } from './errors.js';
import { type Tensor, tfc } from './tfjs.js';

function sameExcept(ts: Tensor[], axis: number | undefined, op: string): void {
  const first = ts[0].shape;
  for (let i = 1; i < ts.length; i++) {
    const s = ts[i].shape;
    const ok = s.length === first.length && s.every((d, j) => j === axis || d === first[j]);
    if (!ok) {
      throw new ShapeError(
        `${op}: tensor ${i} has shape ${shapeString(s)} but tensor 0 has ${shapeString(first)}. ` +
          (axis === undefined ? 'Expected equal shapes.' : `Expected equal shapes except along axis ${axis}.`),
      );
    }
  }
}

/** Joins tensors along an existing axis. @example `concat([a, b], 1)` */
export function concat(tensors: TensorInput[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('concat: expected at least one tensor, got none.');
  return tfc.tidy(() => {
    const ts = tensors.map((t, i) => toTensor(t, `tensors[${i}]`, 'concat'));
    const a = normalizeAxis(axis, ts[0].rank, 'concat');
    sameExcept(ts, a, 'concat');
    return tfc.concat(ts, a);
  });
}

/** Joins tensors of equal shape along a new axis. @example `stack([a, b])` */
export function stack(tensors: TensorInput[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('stack: expected at least one tensor, got none.');
  return tfc.tidy(() => {
    const ts = tensors.map((t, i) => toTensor(t, `tensors[${i}]`, 'stack'));
    sameExcept(ts, undefined, 'stack');
    return tfc.stack(ts, normalizeAxis(axis, ts[0].rank + 1, 'stack'));
  });
}

/** Splits a tensor into its slices along `axis`, removing that axis. */
export function unstack(x: TensorInput, axis = 0): Tensor[] {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'unstack');
    return tfc.unstack(t, normalizeAxis(axis, t.rank, 'unstack'));
  });
}

/**
 * Splits along `axis` into `count` equal parts, or into parts of the given
 * sizes (one size may be -1).
 *
 * @example `split(x, 3)` or `split(x, [2, -1], 1)`
 */
export function split(x: TensorInput, countOrSizes: number | number[], axis = 0): Tensor[] {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'split');
    const a = normalizeAxis(axis, t.rank, 'split');
    const dim = t.shape[a];
    if (typeof countOrSizes === 'number') {
      if (!Number.isInteger(countOrSizes) || countOrSizes <= 0 || dim % countOrSizes !== 0) {
        throw new ShapeError(
          `split: cannot split dimension ${a} of size ${dim} (shape ${shapeString(t.shape)}) into ${countOrSizes} equal parts.`,
        );
      }
    } else {
      const known = countOrSizes.filter((s) => s !== -1).reduce((p, s) => p + s, 0);
      const free = countOrSizes.filter((s) => s === -1).length;
      if (free > 1 || (free === 0 && known !== dim) || known > dim) {
        throw new ShapeError(
          `split: sizes [${countOrSizes.join(',')}] do not add up to dimension ${a} of size ${dim} (shape ${shapeString(t.shape)}).`,
        );
      }
    }
    return tfc.split(t, countOrSizes, a);
  });
}
