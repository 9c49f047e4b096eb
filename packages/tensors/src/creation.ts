/**
 * Tensor creation.
 */
import { type TensorInput, toTensor } from './check.js';
import { checkValuesFit, type DType, integerRanges, nativeDType } from './dtypes.js';
import { BackendError, ShapeError, shapeString, ValueError } from './errors.js';
import { type Tensor, type TensorLike, tfc } from './tfjs.js';

/** Values a tensor can be made from: a number, boolean, string, nested array or typed array. */
export type TensorValues = TensorLike | BigInt64Array | BigUint64Array | readonly unknown[];

function checkShape(shape: readonly number[], op: string): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${op}: shape ${shapeString(shape)} is invalid. Expected non-negative integers for every dimension.`,
      );
    }
  }
  return [...shape];
}

/** Checks that a nested array is rectangular; names the first ragged path. */
function checkRectangular(values: unknown, op: string): void {
  if (!Array.isArray(values)) return;
  const walk = (v: unknown, path: string): number[] => {
    if (!Array.isArray(v)) return [];
    const shapes = (v as unknown[]).map((e, i) => walk(e, `${path}[${i}]`));
    for (let i = 1; i < shapes.length; i++) {
      if (shapes[i].length !== shapes[0].length || shapes[i].some((d, j) => d !== shapes[0][j])) {
        throw new ShapeError(
          `${op}: nested array is ragged: ${path}[${i}] has shape ${shapeString(shapes[i])} but ${path}[0] has ` +
            `${shapeString(shapes[0])}. Expected a rectangular array; use RaggedTensor for rows of different lengths.`,
        );
      }
    }
    return [v.length, ...(shapes[0] ?? [])];
  };
  walk(values, 'values');
}

function flatNumbers(values: unknown): ArrayLike<number | bigint> {
  if (ArrayBuffer.isView(values)) return values as unknown as ArrayLike<number>;
  if (Array.isArray(values)) return (values as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
  return [values as number];
}

/**
 * Creates a tensor from values. `dtype` may be any {@link DType}; non-native
 * dtypes are stored as documented in `dtypes.ts` (uint8 image bytes become
 * int32, float64 data is computed in float32). Without a dtype it is inferred:
 * int32 for integer typed arrays, float32 for numbers, bool, string.
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]);                 // float32 [2,2]
 * tensor([1, 2, 3, 4], [2, 2], 'int32');    // with an explicit shape
 * tensor(new Uint8Array(pixels), [8, 8, 3], 'uint8'); // stored as int32
 * ```
 */
export function tensor(values: TensorValues, shape?: readonly number[], dtype?: DType): Tensor {
  const op = 'tensor';
  if (shape !== undefined) checkShape(shape, op);
  let data: unknown = values;
  checkRectangular(values, op);
  let native = dtype === undefined ? undefined : nativeDType(dtype, op);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    checkValuesFit(data, dtype ?? 'int64', op);
    data = Int32Array.from(data as BigInt64Array, (v) => Number(v));
    native ??= 'int32';
  } else if (data instanceof Float64Array) {
    data = new Float32Array(data);
  }
  if (dtype !== undefined && integerRanges[dtype] !== undefined && dtype !== 'int32') {
    checkValuesFit(flatNumbers(data), dtype, op);
  }
  try {
    return tfc.tensor(data as TensorLike, shape as number[] | undefined, native);
  } catch (e) {
    const message = (e as Error).message;
    if (/backend/i.test(message)) {
      throw new BackendError(
        `${op}: no backend is ready (${message}). Import a backend package (e.g. '@layerwise/backend-wasm') and ` +
          "await setBackend('auto') (or ready()) before creating tensors.",
      );
    }
    throw new ShapeError(
      `${op}: could not build a tensor${shape ? ` of shape ${shapeString(shape)}` : ''}: ${message}. ` +
        'Expected a rectangular nested array (or flat values whose count matches the shape).',
    );
  }
}

/** A rank-0 tensor. @example `scalar(3.5)` */
export function scalar(value: number | boolean | string, dtype?: DType): Tensor {
  return tensor(value as TensorLike, [], dtype);
}

/** A tensor of zeros. @example `zeros([2, 3])` */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return tfc.zeros(checkShape(shape, 'zeros'), nativeDType(dtype, 'zeros'));
}

/** A tensor of ones. @example `ones([2, 3], 'int32')` */
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return tfc.ones(checkShape(shape, 'ones'), nativeDType(dtype, 'ones'));
}

/**
 * A tensor filled with one value. The dtype is inferred from the value
 * (float32 for numbers, string for strings) unless given.
 *
 * @example `fill([3, 3], -2)`
 */
export function fill(shape: readonly number[], value: number | string, dtype?: DType): Tensor {
  const native = dtype === undefined ? (typeof value === 'string' ? 'string' : 'float32') : nativeDType(dtype, 'fill');
  return tfc.fill(checkShape(shape, 'fill'), value, native);
}

/**
 * An identity matrix with `numRows` rows and `numColumns` columns (default
 * square), optionally repeated over `batchShape`.
 *
 * @example `eye(3)`
 */
export function eye(numRows: number, numColumns?: number, batchShape?: number[], dtype: DType = 'float32'): Tensor {
  checkShape([numRows, numColumns ?? numRows], 'eye');
  return tfc.eye(numRows, numColumns, batchShape as [number] | undefined, nativeDType(dtype, 'eye') as 'float32');
}

/**
 * Evenly spaced values in `[start, stop)`, NumPy style: `range(5)` is
 * `[0, 1, 2, 3, 4]`, `range(2, 8, 2)` is `[2, 4, 6]`. Integer arguments give
 * int32 unless a dtype is given.
 *
 * @example `reshape(range(9), [3, 3])`
 */
export function range(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0) throw new ValueError('range: step is 0. Expected a non-zero step.');
  const allInts = Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step);
  const native = dtype === undefined ? (allInts ? 'int32' : 'float32') : nativeDType(dtype, 'range');
  return tfc.range(start, stop, step, native as 'float32' | 'int32');
}

/** `num` evenly spaced values from `start` to `stop`, both included. @example `linspace(0, 1, 5)` */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 1) {
    throw new ValueError(`linspace: num must be a positive integer, got ${num}.`);
  }
  return tfc.linspace(start, stop, num);
}

/** Zeros with the shape and dtype of `x`. */
export function zerosLike(x: TensorInput): Tensor {
  return tfc.zerosLike(toTensor(x, 'x', 'zerosLike'));
}

/** Ones with the shape and dtype of `x`. */
export function onesLike(x: TensorInput): Tensor {
  return tfc.onesLike(toTensor(x, 'x', 'onesLike'));
}
