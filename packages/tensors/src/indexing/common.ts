/**
 * Helpers shared by the indexing ops (not exported from the package): index
 * tensors and shape arithmetic.
 */
import { type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString } from '../errors.js';
import { type DataType, type Tensor, tfc } from '../tfjs.js';

/** The number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** An index tensor, plus its values when they came from JavaScript (so range checks cost nothing). */
export interface Indices {
  tensor: Tensor;
  /** The flat values when the caller gave plain numbers; undefined for a tensor (never read back). */
  host?: ArrayLike<number>;
}

function flatNumbers(x: TensorInput): number[] | undefined {
  if (typeof x === 'number') return [x];
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) {
    const flat = (x as unknown[]).flat(Number.POSITIVE_INFINITY);
    return flat.every((v) => typeof v === 'number') ? (flat as number[]) : undefined;
  }
  return undefined;
}

/**
 * Converts `x` to a tensor; plain numbers take the dtype `like` where they fit
 * it (any number for float32, integers for int32), as TensorFlow's weak typing
 * does, so `where(c, intTensor, 0)` stays int32.
 */
export function toWeakTensor(x: TensorInput, arg: string, op: string, like: DataType | undefined): Tensor {
  if (x instanceof tfc.Tensor || like === undefined) return toTensor(x, arg, op);
  const flat = flatNumbers(x);
  const fits = flat !== undefined && (like === 'float32' || (like === 'int32' && flat.every(Number.isInteger)));
  return fits ? toTensor(x, arg, op, like) : toTensor(x, arg, op);
}

/**
 * Converts indices to an int32 tensor. A tensor must already be int32; plain
 * numbers must be integers. Anything else is a {@link DTypeError}.
 */
export function toIndices(x: TensorInput, arg: string, op: string): Indices {
  if (x instanceof tfc.Tensor) {
    const t = toTensor(x, arg, op);
    if (t.dtype !== 'int32') {
      throw new DTypeError(
        `${op}: '${arg}' has dtype ${t.dtype}, expected int32. Indices must be integers: ` +
          `convert them with cast(${arg}, 'int32') (or round first if they are computed as floats).`,
      );
    }
    return { tensor: t };
  }
  const flat = flatNumbers(x);
  const bad = flat === undefined ? undefined : flat.find((v) => !Number.isInteger(v));
  if (flat === undefined || bad !== undefined) {
    throw new DTypeError(
      `${op}: '${arg}' must hold integers${bad !== undefined ? `, but contains ${bad}` : ''}. ` +
        `Expected an int32 tensor or (nested) arrays of integers.`,
    );
  }
  return { tensor: tfc.tensor(x as number[], undefined, 'int32'), host: flat };
}

/** Range-checks index tuples given as JavaScript numbers (free: no device read). */
export function checkTuples(
  host: ArrayLike<number> | undefined,
  shape: readonly number[],
  k: number,
  op: string,
): void {
  if (host === undefined) return;
  for (let i = 0; i < host.length; i++) {
    const dim = i % k;
    const v = host[i];
    if (v < 0 || v >= shape[dim]) {
      const start = i - dim;
      const tuple = Array.from({ length: k }, (_, j) => host[start + j]);
      throw new ShapeError(
        `${op}: index tuple [${tuple.join(', ')}] is out of range for shape ${shapeString(shape)}: entry ${dim} is ${v}, ` +
          `expected it in [0, ${shape[dim] - 1}].`,
      );
    }
  }
}
