/**
 * SparseTensor: a tensor stored as its non-default entries, in the layout of
 * `tf.sparse.SparseTensor` (COO: one index row per stored value).
 */
import { type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString } from '../errors.js';
import { type DataType, type Tensor, tfc } from '../tfjs.js';
import { checkDenseShape, checkIndicesInBounds, hostWhere, sizeOf } from './internal.js';

/** Indices of a {@link SparseTensor}: an int32 tensor `[nnz, rank]`, or the same as nested arrays. */
export type SparseIndicesInput = Tensor | readonly (readonly number[])[];

/**
 * A sparse tensor of shape `denseShape` that stores only `nnz` entries: the
 * int32 `indices` `[nnz, rank]` (one coordinate row per entry) and the
 * `values` `[nnz]`. Every other position holds the default value (0 unless
 * {@link SparseTensor.toDense} is given another).
 *
 * The constructor checks the shapes and dtypes at once. It checks that every
 * index lies inside `denseShape` when `indices` are given as arrays; indices
 * given as a tensor stay on the device unchecked until you call
 * {@link SparseTensor.validate} (an out-of-range index makes `toDense` throw
 * when it runs, on cpu and wasm alike).
 *
 * A SparseTensor owns the tensors it is built from: {@link SparseTensor.dispose}
 * frees `indices` and `values`. Repeated indices are allowed; `toDense` and
 * `sparseMatMul` sum their values (as `tf.scatter_nd` does). Order does not
 * matter except where stated; {@link SparseTensor.reorder} sorts row-major.
 *
 * @example
 * ```ts
 * const sp = new SparseTensor([[0, 1], [2, 0]], [5, 7], [3, 2]);
 * sp.toDense().print(); // [[0, 5], [0, 0], [7, 0]]
 * sp.nnz;               // 2
 * sp.dispose();
 * ```
 */
export class SparseTensor {
  /** int32 `[nnz, rank]`: the coordinates of each stored value. */
  readonly indices: Tensor;
  /** `[nnz]`: the stored values, in the order of `indices`. */
  readonly values: Tensor;
  /** The shape of the dense tensor this represents. */
  readonly denseShape: readonly number[];

  /**
   * @param indices int32 `[nnz, rank]` tensor, or nested arrays of `nnz` rows of `rank` integers.
   * @param values `[nnz]` tensor or array (any dtype; numbers become float32).
   * @param denseShape the dense shape, `rank` non-negative integers.
   */
  constructor(indices: SparseIndicesInput, values: TensorInput, denseShape: readonly number[]) {
    const op = 'SparseTensor';
    const shape = checkDenseShape(denseShape, 'denseShape', op);
    const rank = shape.length;
    const created: Tensor[] = [];
    try {
      let ind: Tensor;
      if (indices instanceof tfc.Tensor) {
        ind = toTensor(indices, 'indices', op);
        if (ind.dtype !== 'int32') {
          throw new DTypeError(
            `${op}: indices must be int32, got ${ind.dtype}. Cast them with cast(indices, 'int32') first.`,
          );
        }
        if (ind.rank !== 2 || ind.shape[1] !== rank) {
          throw new ShapeError(
            `${op}: indices must have shape [nnz, ${rank}] for denseShape ${shapeString(shape)} (rank ${rank}), ` +
              `got ${shapeString(ind.shape)}. Give one row of ${rank} coordinates per value.`,
          );
        }
      } else {
        if (!Array.isArray(indices)) {
          throw new ShapeError(
            `${op}: indices must be an int32 tensor or an array of index rows, got ${typeof indices}.`,
          );
        }
        const rows = indices as readonly (readonly number[])[];
        rows.forEach((row, i) => {
          if (!Array.isArray(row) || row.length !== rank) {
            throw new ShapeError(
              `${op}: index row ${i} has ${Array.isArray(row) ? row.length : 'no'} coordinates, but denseShape ` +
                `${shapeString(shape)} has rank ${rank}. Expected ${rank} integers per row.`,
            );
          }
        });
        const flat = Int32Array.from(rows.flat() as number[]);
        checkIndicesInBounds(rows.flat() as number[], shape, op);
        ind = tfc.tensor2d(flat, [rows.length, rank], 'int32');
        created.push(ind);
      }
      const vals = toTensor(values, 'values', op);
      if (vals !== values) created.push(vals);
      if (vals.rank !== 1 || vals.shape[0] !== ind.shape[0]) {
        throw new ShapeError(
          `${op}: values must have shape [${ind.shape[0]}] (one per index row), got ${shapeString(vals.shape)}. ` +
            'Expected a 1-D tensor with as many values as indices has rows.',
        );
      }
      if (vals.dtype === 'complex64') {
        throw new DTypeError(`${op}: complex64 values are not supported. Use float32, int32, bool or string.`);
      }
      this.indices = ind;
      this.values = vals;
      this.denseShape = Object.freeze(shape);
    } catch (e) {
      tfc.dispose(created);
      throw e;
    }
  }

  /** Number of stored entries (rows of `indices`). */
  get nnz(): number {
    return this.indices.shape[0];
  }

  /** Rank of the dense tensor. */
  get rank(): number {
    return this.denseShape.length;
  }

  /** Dtype of the values (and of the dense tensor). */
  get dtype(): DataType {
    return this.values.dtype;
  }

  /** True once {@link SparseTensor.dispose} has run (or either tensor was disposed elsewhere). */
  get isDisposed(): boolean {
    return this.indices.isDisposed || this.values.isDisposed;
  }

  /**
   * Builds a SparseTensor from the non-zero entries of a dense tensor (non-empty
   * strings for string tensors), in row-major order. The number of entries
   * depends on the data, so this awaits one read-back of the mask (the values
   * are gathered on the device).
   *
   * @example
   * ```ts
   * const sp = await SparseTensor.fromDense(tensor([[0, 3], [4, 0]]));
   * // sp.indices: [[0, 1], [1, 0]], sp.values: [3, 4]
   * ```
   */
  static async fromDense(x: TensorInput): Promise<SparseTensor> {
    const op = 'SparseTensor.fromDense';
    const t = toTensor(x, 'x', op);
    try {
      checkDenseRank(t, op);
      if (t.dtype === 'string') {
        return fromHostStrings((await t.data()) as unknown as string[], t.shape);
      }
      const mask = tfc.tidy(() => tfc.notEqual(t, tfc.scalar(0, t.dtype)));
      let indices: Tensor;
      try {
        indices = await tfc.whereAsync(mask);
      } finally {
        mask.dispose();
      }
      return fromIndices(t, indices);
    } finally {
      if (t !== x) t.dispose();
    }
  }

  /**
   * The synchronous form of {@link SparseTensor.fromDense}: reads the non-zero
   * mask back synchronously (blocking on GPU backends). Prefer `fromDense` in
   * compute paths.
   *
   * @example
   * ```ts
   * const sp = SparseTensor.fromDenseSync([[0, 3], [4, 0]]);
   * ```
   */
  static fromDenseSync(x: TensorInput): SparseTensor {
    const op = 'SparseTensor.fromDenseSync';
    const t = toTensor(x, 'x', op);
    try {
      checkDenseRank(t, op);
      if (t.dtype === 'string') return fromHostStrings(t.dataSync() as unknown as string[], t.shape);
      const mask = tfc.tidy(() => tfc.notEqual(t, tfc.scalar(0, t.dtype)));
      let flat: Int32Array;
      try {
        flat = hostWhere(mask.dataSync(), t.shape, (v) => v !== 0);
      } finally {
        mask.dispose();
      }
      return fromIndices(t, tfc.tensor2d(flat, [flat.length / t.rank, t.rank], 'int32'));
    } finally {
      if (t !== x) t.dispose();
    }
  }

  /**
   * The dense tensor, with `defaultValue` (default 0, or '' for strings) where
   * no index points. Values at repeated indices are summed (strings: the last
   * one wins). Differentiable with respect to `values`: the gradient of each
   * value is the upstream gradient at its index. String values are assembled
   * on the host (tfjs keeps strings in host memory; this reads `indices` back).
   *
   * @example
   * ```ts
   * new SparseTensor([[1]], [2], [3]).toDense(-1).print(); // [-1, 2, -1]
   * ```
   */
  toDense(defaultValue: number | string | boolean = 0): Tensor {
    const op = 'SparseTensor.toDense';
    const vals = toTensor(this.values, 'values', op);
    const ind = toTensor(this.indices, 'indices', op);
    const shape = [...this.denseShape];
    if (vals.dtype === 'string') {
      const fill = typeof defaultValue === 'string' ? defaultValue : defaultValue === 0 ? '' : String(defaultValue);
      const out = new Array<string>(sizeOf(shape)).fill(fill);
      const idx = ind.dataSync();
      const strs = vals.dataSync() as unknown as string[];
      const strides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
      for (let i = 0; i < strs.length; i++) {
        let flat = 0;
        for (let d = 0; d < shape.length; d++) flat += idx[i * shape.length + d] * strides[d];
        out[flat] = strs[i];
      }
      return tfc.tensor(out, shape, 'string');
    }
    if (typeof defaultValue === 'string') {
      throw new DTypeError(
        `${op}: defaultValue '${defaultValue}' is a string but the values are ${vals.dtype}. Give a number.`,
      );
    }
    const dflt = Number(defaultValue);
    return tfc.tidy(() => {
      // Repeated indices add up, which needs numbers: bool values go through
      // int32 (any true at a position makes it true).
      const isBool = vals.dtype === 'bool';
      const v = isBool ? tfc.cast(vals, 'int32') : vals;
      const fillValue = isBool ? (dflt ? 1 : 0) : dflt;
      let dense = tfc.scatterND(ind, v, shape);
      if (fillValue !== 0) {
        // Positions that no index names: scatter a count (a constant, off the gradient tape).
        const hit = tfc.greater(tfc.scatterND(ind, tfc.ones(v.shape, 'int32'), shape), 0);
        dense = tfc.where(hit, dense, tfc.fill(shape, fillValue, v.dtype));
      }
      return isBool ? tfc.cast(dense, 'bool') : dense;
    });
  }

  /**
   * A SparseTensor with the same indices and shape and new `values` (e.g. an
   * activation of the old ones). The indices are shared by reference count,
   * so disposing either SparseTensor leaves the other intact.
   *
   * @example
   * ```ts
   * const doubled = sp.withValues(mul(sp.values, 2));
   * ```
   */
  withValues(values: TensorInput): SparseTensor {
    const ind = tfc.clone(toTensor(this.indices, 'indices', 'SparseTensor.withValues'));
    try {
      return new SparseTensor(ind, values, this.denseShape);
    } catch (e) {
      ind.dispose();
      throw e;
    }
  }

  /**
   * Checks that every index lies inside `denseShape`, reading `indices` back
   * (asynchronously). Resolves to this tensor; rejects with a
   * `ValueError` naming the first bad index row.
   *
   * @example
   * ```ts
   * const sp = await new SparseTensor(indicesTensor, values, [4, 4]).validate();
   * ```
   */
  async validate(): Promise<this> {
    const ind = toTensor(this.indices, 'indices', 'SparseTensor.validate');
    checkIndicesInBounds(await ind.data(), this.denseShape, 'SparseTensor.validate');
    return this;
  }

  /**
   * A new SparseTensor with the entries sorted in row-major (canonical)
   * order, as `tf.sparse.reorder`. Reads `indices` back (asynchronously) to
   * sort them on the host; the values are permuted on the device and stay
   * differentiable. Repeated indices stay repeated (in their original order).
   * The original SparseTensor is left as it is.
   *
   * @example
   * ```ts
   * const sorted = await new SparseTensor([[1, 0], [0, 1]], [1, 2], [2, 2]).reorder();
   * // sorted.indices: [[0, 1], [1, 0]], sorted.values: [2, 1]
   * ```
   */
  async reorder(): Promise<SparseTensor> {
    const op = 'SparseTensor.reorder';
    const ind = toTensor(this.indices, 'indices', op);
    const vals = toTensor(this.values, 'values', op);
    const rank = this.rank;
    const flat = await ind.data();
    const nnz = this.nnz;
    const perm = Array.from({ length: nnz }, (_, i) => i);
    perm.sort((a, b) => {
      for (let d = 0; d < rank; d++) {
        const diff = flat[a * rank + d] - flat[b * rank + d];
        if (diff !== 0) return diff;
      }
      return a - b;
    });
    const sorted = new Int32Array(nnz * rank);
    perm.forEach((p, i) => {
      for (let d = 0; d < rank; d++) sorted[i * rank + d] = flat[p * rank + d];
    });
    let newValues: Tensor;
    if (vals.dtype === 'string') {
      const strs = (await vals.data()) as unknown as string[];
      newValues = tfc.tensor(
        perm.map((p) => strs[p]),
        [nnz],
        'string',
      );
    } else {
      newValues = tfc.tidy(() => tfc.gather(vals, tfc.tensor1d(perm, 'int32')));
    }
    const newIndices = tfc.tensor2d(sorted, [nnz, rank], 'int32');
    return new SparseTensor(newIndices, newValues, this.denseShape);
  }

  /**
   * Frees `indices` and `values`. Disposing twice is harmless.
   *
   * @example
   * ```ts
   * sp.dispose();
   * ```
   */
  dispose(): void {
    this.indices.dispose();
    this.values.dispose();
  }

  /** A short description: shape, nnz and dtype. */
  toString(): string {
    return `SparseTensor(denseShape=${shapeString(this.denseShape)}, nnz=${this.nnz}, dtype=${this.dtype})`;
  }
}

function checkDenseRank(t: Tensor, op: string): void {
  if (t.rank === 0) {
    throw new ShapeError(`${op}: expected a tensor of rank >= 1, got a scalar. Reshape it to [1] first.`);
  }
  if (t.dtype === 'complex64') {
    throw new DTypeError(`${op}: complex64 tensors are not supported. Use float32, int32, bool or string.`);
  }
}

/** Gathers the values at `indices` (which it takes ownership of) out of `t`. */
function fromIndices(t: Tensor, indices: Tensor): SparseTensor {
  try {
    const values = tfc.tidy(() => {
      return tfc.reshape(tfc.gatherND(t, indices), [indices.shape[0]]);
    });
    return new SparseTensor(indices, values, t.shape);
  } catch (e) {
    indices.dispose();
    throw e;
  }
}

function fromHostStrings(data: string[], shape: number[]): SparseTensor {
  const flat = hostWhere(data, shape, (s) => s !== '');
  const rank = shape.length;
  const nnz = flat.length / rank;
  const strides = shape.map((_, d) => sizeOf(shape.slice(d + 1)));
  const values: string[] = [];
  for (let i = 0; i < nnz; i++) {
    let off = 0;
    for (let d = 0; d < rank; d++) off += flat[i * rank + d] * strides[d];
    values.push(data[off]);
  }
  return new SparseTensor(tfc.tensor2d(flat, [nnz, rank], 'int32'), tfc.tensor(values, [nnz], 'string'), shape);
}
