/**
 * RaggedTensor: rows of different lengths, in the layout of `tf.RaggedTensor`
 * (flat values plus row splits).
 */
import { type TensorInput, toTensor } from '../check.js';
import { tensor } from '../creation.js';
import type { DType } from '../dtypes.js';
import { DTypeError, ShapeError, shapeString, ValueError } from '../errors.js';
import { type DataType, type Tensor, tfc } from '../tfjs.js';
import { sizeOf } from './internal.js';

/** Rows for {@link RaggedTensor.fromNestedArray}: numbers, booleans or strings (or uniform arrays of them). */
export type RaggedRowsInput = readonly (readonly (number | boolean | string | readonly unknown[])[])[];

/** Row splits or row lengths: host integers, or an int32 tensor (read back once, see the factories). */
export type RowPartitionInput = readonly number[] | Int32Array | Tensor;

/**
 * A batch of rows of different lengths: `values` holds every row's elements
 * one after another (`[nvals, ...inner]`, where inner dimensions are uniform),
 * and the int32 `rowSplits` `[nrows + 1]` say where each row starts and ends:
 * row `i` is `values[rowSplits[i] : rowSplits[i + 1]]`.
 *
 * A copy of the splits is kept on the host (they are small: one integer per
 * row). It gives `nrows` and the longest row without a device read-back, and
 * it is how the factories validate the partition. A RaggedTensor owns
 * `values` and `rowSplits`; {@link RaggedTensor.dispose} frees both.
 *
 * @example
 * ```ts
 * const rt = RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]);
 * rt.nrows;                 // 3
 * rt.toTensor(-1).print();  // [[1, 2, 3], [-1, -1, -1], [4, 5, -1]]
 * rt.dispose();
 * ```
 */
export class RaggedTensor {
  /** The rows' elements, concatenated: `[nvals, ...inner]`. */
  readonly values: Tensor;
  /** int32 `[nrows + 1]`: row `i` is `values[rowSplits[i] : rowSplits[i + 1]]`. */
  readonly rowSplits: Tensor;
  /** Host copy of `rowSplits`. */
  readonly rowSplitsArray: readonly number[];

  private constructor(values: Tensor, rowSplits: Tensor, splits: readonly number[]) {
    this.values = values;
    this.rowSplits = rowSplits;
    this.rowSplitsArray = Object.freeze([...splits]);
  }

  /**
   * Builds a RaggedTensor from nested arrays, one inner array per row. Rows
   * may be empty; their elements may be numbers, booleans or strings, or
   * uniform arrays (which become inner dimensions of `values`). The dtype is
   * inferred as in `tensor()` (float32 for numbers) unless given.
   *
   * @example
   * ```ts
   * RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]], 'int32');
   * RaggedTensor.fromNestedArray([['the', 'cat'], ['sat']]);
   * ```
   */
  static fromNestedArray(rows: RaggedRowsInput, dtype?: DType): RaggedTensor {
    const op = 'RaggedTensor.fromNestedArray';
    if (!Array.isArray(rows)) {
      throw new ShapeError(`${op}: expected an array of rows (arrays), got ${typeof rows}.`);
    }
    const splits = [0];
    rows.forEach((row, i) => {
      if (!Array.isArray(row)) {
        throw new ShapeError(
          `${op}: row ${i} is ${typeof row}, not an array. Expected an array of rows, e.g. [[1, 2], [], [3]].`,
        );
      }
      splits.push(splits[i] + row.length);
    });
    const flat = (rows as readonly (readonly unknown[])[]).flat(1);
    const kinds = new Set(flat.map((v) => (Array.isArray(v) ? 'array' : typeof v)));
    if (kinds.size > 1) {
      throw new DTypeError(
        `${op}: the rows mix element kinds (${[...kinds].join(', ')}). Expected all numbers, all booleans, ` +
          `all strings, or all arrays of one shape.`,
      );
    }
    const values =
      flat.length === 0
        ? tensor([], [0], dtype ?? 'float32')
        : tensor(flat as Parameters<typeof tensor>[0], undefined, dtype);
    return RaggedTensor.build(values, splits, op, true);
  }

  /**
   * Builds a RaggedTensor from flat `values` and row splits (`nrows + 1`
   * integers starting at 0, non-decreasing, ending at `values.shape[0]`).
   * The RaggedTensor takes ownership of `values` (a tensor-like is converted);
   * `splits` stay the caller's. A splits tensor is read back synchronously
   * once to validate it and keep the host copy.
   *
   * @example
   * ```ts
   * RaggedTensor.fromRowSplits(tensor([1, 2, 3, 4, 5]), [0, 3, 3, 5]); // [[1,2,3],[],[4,5]]
   * ```
   */
  static fromRowSplits(values: TensorInput, splits: RowPartitionInput): RaggedTensor {
    const op = 'RaggedTensor.fromRowSplits';
    const host = readPartition(splits, 'splits', op);
    const vals = toTensor(values, 'values', op);
    return RaggedTensor.build(vals, host, op, vals !== values);
  }

  /**
   * Builds a RaggedTensor from flat `values` and the length of each row
   * (non-negative integers summing to `values.shape[0]`). Ownership as in
   * {@link RaggedTensor.fromRowSplits}; a lengths tensor is read back
   * synchronously once.
   *
   * @example
   * ```ts
   * RaggedTensor.fromRowLengths(tensor([1, 2, 3, 4, 5]), [3, 0, 2]); // [[1,2,3],[],[4,5]]
   * ```
   */
  static fromRowLengths(values: TensorInput, lengths: RowPartitionInput): RaggedTensor {
    const op = 'RaggedTensor.fromRowLengths';
    const host = readPartition(lengths, 'lengths', op);
    host.forEach((n, i) => {
      if (n < 0) {
        throw new ValueError(`${op}: lengths[${i}] is ${n}. Expected non-negative row lengths, e.g. [3, 0, 2].`);
      }
    });
    const vals = toTensor(values, 'values', op);
    const splits = [0];
    for (const n of host) splits.push(splits[splits.length - 1] + n);
    return RaggedTensor.build(vals, splits, op, vals !== values, 'lengths');
  }

  /** Validates a partition of `values` and builds the tensor; disposes `values` on failure if `owned`. */
  private static build(
    values: Tensor,
    splits: readonly number[],
    op: string,
    owned: boolean,
    from: 'splits' | 'lengths' = 'splits',
  ): RaggedTensor {
    try {
      if (values.rank < 1) {
        throw new ShapeError(
          `${op}: values must have rank >= 1 (one entry per element along the first axis), got a scalar. Reshape it to [1].`,
        );
      }
      if (values.dtype === 'complex64') {
        throw new DTypeError(`${op}: complex64 values are not supported. Use float32, int32, bool or string.`);
      }
      if (splits.length < 1) {
        throw new ValueError(`${op}: splits is empty. Expected nrows + 1 integers starting at 0, e.g. [0, 3, 3, 5].`);
      }
      if (splits[0] !== 0) {
        throw new ValueError(`${op}: splits[0] is ${splits[0]}. Expected row splits to start at 0, e.g. [0, 3, 3, 5].`);
      }
      for (let i = 1; i < splits.length; i++) {
        if (splits[i] < splits[i - 1]) {
          throw new ValueError(
            `${op}: splits decrease at position ${i} (${splits[i - 1]} then ${splits[i]}) in [${splits.join(',')}]. ` +
              'Expected non-decreasing row splits; row i spans values[splits[i] : splits[i+1]].',
          );
        }
      }
      const last = splits[splits.length - 1];
      if (last !== values.shape[0]) {
        const what = from === 'lengths' ? `the lengths sum to ${last}` : `the last split is ${last}`;
        throw new ShapeError(
          `${op}: ${what} but values has ${values.shape[0]} elements (shape ${shapeString(values.shape)}). ` +
            `Expected them to be equal so that the rows cover every value exactly once.`,
        );
      }
      const rowSplits = tfc.tensor1d(Int32Array.from(splits), 'int32');
      return new RaggedTensor(values, rowSplits, splits);
    } catch (e) {
      if (owned) values.dispose();
      throw e;
    }
  }

  /** Number of rows. */
  get nrows(): number {
    return this.rowSplitsArray.length - 1;
  }

  /** Dtype of the values. */
  get dtype(): DataType {
    return this.values.dtype;
  }

  /** The shape, with `null` for the ragged dimension: `[nrows, null, ...inner]`. */
  get shape(): (number | null)[] {
    return [this.nrows, null, ...this.values.shape.slice(1)];
  }

  /** Length of the longest row (0 when there are no rows), from the host copy of the splits. */
  get maxRowLength(): number {
    let max = 0;
    const s = this.rowSplitsArray;
    for (let i = 1; i < s.length; i++) max = Math.max(max, s[i] - s[i - 1]);
    return max;
  }

  /** True once {@link RaggedTensor.dispose} has run (or either tensor was disposed elsewhere). */
  get isDisposed(): boolean {
    return this.values.isDisposed || this.rowSplits.isDisposed;
  }

  /**
   * The length of each row, as an int32 tensor `[nrows]` (computed on the
   * device from `rowSplits`).
   *
   * @example
   * ```ts
   * RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]).rowLengths(); // [3, 0, 2]
   * ```
   */
  rowLengths(): Tensor {
    const splits = toTensor(this.rowSplits, 'rowSplits', 'RaggedTensor.rowLengths');
    const n = this.nrows;
    return tfc.tidy(() => tfc.sub(tfc.slice(splits, [1], [n]), tfc.slice(splits, [0], [n])));
  }

  /**
   * The row of each value, as an int32 tensor `[nvals]` (built from the host
   * splits): the segment ids for segment reductions over rows.
   *
   * @example
   * ```ts
   * RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]).valueRowIds(); // [0, 0, 0, 2, 2]
   * ```
   */
  valueRowIds(): Tensor {
    const s = this.rowSplitsArray;
    const ids = new Int32Array(s[s.length - 1]);
    for (let r = 0; r + 1 < s.length; r++) ids.fill(r, s[r], s[r + 1]);
    return tfc.tensor1d(ids, 'int32');
  }

  /**
   * A dense tensor `[nrows, maxRowLength, ...inner]` with the rows padded
   * with `padValue` (default 0, or '' for strings). `shape` may fix the
   * number of rows and columns (longer rows are truncated, missing rows are
   * padded); give `null` (or -1) for a dimension to keep its default, and the
   * inner dimensions, if given, must match. The gather map and mask are built
   * on the device; only the row-length maximum comes from the host copy of the
   * splits. Differentiable with respect to `values`. String values are
   * assembled on the host (tfjs keeps strings in host memory).
   *
   * @example
   * ```ts
   * const rt = RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]);
   * rt.toTensor(-1);          // [[1, 2, 3], [-1, -1, -1], [4, 5, -1]]
   * rt.toTensor(0, [2, 2]);   // [[1, 2], [0, 0]]
   * ```
   */
  toTensor(padValue: number | string | boolean = 0, shape?: readonly (number | null | undefined)[]): Tensor {
    const op = 'RaggedTensor.toTensor';
    const values = toTensor(this.values, 'values', op);
    const splits = toTensor(this.rowSplits, 'rowSplits', op);
    const inner = values.shape.slice(1);
    const [rows, cols] = this.resolveShape(shape, inner, op);
    const outShape = [rows, cols, ...inner];
    const innerSize = sizeOf(inner);
    if (values.dtype === 'string') {
      const pad = typeof padValue === 'string' ? padValue : padValue === 0 ? '' : String(padValue);
      const data = values.dataSync() as unknown as string[];
      const out = new Array<string>(sizeOf(outShape)).fill(pad);
      const s = this.rowSplitsArray;
      for (let r = 0; r < Math.min(rows, this.nrows); r++) {
        const len = Math.min(s[r + 1] - s[r], cols);
        for (let j = 0; j < len; j++) {
          for (let e = 0; e < innerSize; e++) out[(r * cols + j) * innerSize + e] = data[(s[r] + j) * innerSize + e];
        }
      }
      return tfc.tensor(out, outShape, 'string');
    }
    if (typeof padValue === 'string') {
      throw new DTypeError(
        `${op}: padValue '${padValue}' is a string but the values are ${values.dtype}. Give a number.`,
      );
    }
    const pad = Number(padValue);
    const nrows = this.nrows;
    return tfc.tidy(() => {
      const isBool = values.dtype === 'bool';
      const work = isBool ? tfc.cast(values, 'int32') : values;
      if (values.shape[0] === 0 || sizeOf(outShape) === 0) {
        const filled = tfc.fill(outShape, isBool ? (pad ? 1 : 0) : pad, work.dtype);
        return isBool ? tfc.cast(filled, 'bool') : filled;
      }
      let starts = tfc.slice(splits, [0], [nrows]);
      let lens = tfc.sub(tfc.slice(splits, [1], [nrows]), starts);
      if (rows < nrows) {
        starts = tfc.slice(starts, [0], [rows]);
        lens = tfc.slice(lens, [0], [rows]);
      } else if (rows > nrows) {
        starts = tfc.pad(starts, [[0, rows - nrows]]);
        lens = tfc.pad(lens, [[0, rows - nrows]]);
      }
      const j = tfc.reshape(tfc.range(0, cols, 1, 'int32'), [1, cols]);
      const mask = tfc.less(j, tfc.reshape(lens, [rows, 1]));
      const idx = tfc.where(mask, tfc.add(tfc.reshape(starts, [rows, 1]), j), tfc.zerosLike(j));
      const gathered = tfc.reshape(tfc.gather(work, tfc.reshape(idx, [rows * cols])), outShape);
      const fullMask = tfc.broadcastTo(tfc.reshape(mask, [rows, cols, ...inner.map(() => 1)]), outShape);
      const out = tfc.where(fullMask, gathered, tfc.fill(outShape, isBool ? (pad ? 1 : 0) : pad, work.dtype));
      return isBool ? tfc.cast(out, 'bool') : out;
    });
  }

  private resolveShape(
    shape: readonly (number | null | undefined)[] | undefined,
    inner: number[],
    op: string,
  ): [number, number] {
    if (shape === undefined) return [this.nrows, this.maxRowLength];
    const given = (d: number | null | undefined) => d !== null && d !== undefined && d !== -1;
    const bad =
      !Array.isArray(shape) ||
      shape.length !== inner.length + 2 ||
      shape.some((d) => given(d) && (!Number.isInteger(d) || (d as number) < 0)) ||
      inner.some((d, i) => given(shape[i + 2]) && shape[i + 2] !== d);
    if (bad) {
      const wanted = shapeString([this.nrows, this.maxRowLength, ...inner]);
      throw new ShapeError(
        `${op}: shape [${Array.isArray(shape) ? shape.map((d) => (given(d) ? d : 'null')).join(',') : shape}] does not fit ` +
          `a RaggedTensor of shape [${this.nrows},null${inner.map((d) => `,${d}`).join('')}]. Expected ${inner.length + 2} ` +
          `entries (non-negative integers, or null to keep the default ${wanted}) with the inner dimensions unchanged.`,
      );
    }
    return [
      given(shape[0]) ? (shape[0] as number) : this.nrows,
      given(shape[1]) ? (shape[1] as number) : this.maxRowLength,
    ];
  }

  /**
   * Applies `fn` to the flat values and returns a RaggedTensor with the same
   * row splits (e.g. an embedding lookup of token ids, or an activation).
   * `fn` runs inside a tidy scope; its result must keep the first dimension
   * (one entry per value). This RaggedTensor stays valid.
   *
   * @example
   * ```ts
   * const doubled = rt.map((v) => mul(v, 2));
   * ```
   */
  map(fn: (values: Tensor) => Tensor): RaggedTensor {
    const op = 'RaggedTensor.map';
    const values = toTensor(this.values, 'values', op);
    const out = tfc.tidy(() => fn(values));
    if (!(out instanceof tfc.Tensor)) {
      throw new ValueError(`${op}: fn must return a tensor, got ${typeof out}.`);
    }
    const result = out === values ? tfc.clone(out) : out;
    if (result.rank < 1 || result.shape[0] !== values.shape[0]) {
      result.dispose();
      throw new ShapeError(
        `${op}: fn returned shape ${shapeString(out.shape)} for values of shape ${shapeString(values.shape)}. ` +
          `Expected the first dimension (${values.shape[0]}) unchanged: map works element by element.`,
      );
    }
    return new RaggedTensor(result, tfc.clone(toTensor(this.rowSplits, 'rowSplits', op)), this.rowSplitsArray);
  }

  /**
   * The rows as nested arrays (reads `values` back asynchronously). Each
   * element is a number (0/1 for bool), a string, or a nested array for inner
   * dimensions; pass the element type as `T`.
   *
   * @example
   * ```ts
   * await RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]).toArray<number>(); // [[1,2,3],[],[4,5]]
   * ```
   */
  async toArray<T = number | string>(): Promise<T[][]> {
    const values = toTensor(this.values, 'values', 'RaggedTensor.toArray');
    const data = (await values.array()) as T[];
    const s = this.rowSplitsArray;
    const rows: T[][] = [];
    for (let r = 0; r + 1 < s.length; r++) rows.push(data.slice(s[r], s[r + 1]));
    return rows;
  }

  /**
   * Frees `values` and `rowSplits`. Disposing twice is harmless.
   *
   * @example
   * ```ts
   * rt.dispose();
   * ```
   */
  dispose(): void {
    this.values.dispose();
    this.rowSplits.dispose();
  }

  /** A short description: shape and dtype. */
  toString(): string {
    return `RaggedTensor(shape=[${this.shape.map((d) => d ?? 'null').join(',')}], dtype=${this.dtype})`;
  }
}

/** Reads splits or lengths to host integers, checking dtype, rank and integrality. */
function readPartition(x: RowPartitionInput, arg: string, op: string): number[] {
  let host: number[];
  if (x instanceof tfc.Tensor) {
    const t = toTensor(x, arg, op);
    if (t.dtype !== 'int32') {
      throw new DTypeError(`${op}: ${arg} must be int32, got ${t.dtype}. Cast it with cast(${arg}, 'int32').`);
    }
    if (t.rank !== 1) {
      throw new ShapeError(`${op}: ${arg} must be 1-D, got shape ${shapeString(t.shape)}.`);
    }
    host = Array.from(t.dataSync());
  } else if (Array.isArray(x) || x instanceof Int32Array) {
    host = Array.from(x as ArrayLike<number>);
  } else {
    throw new ValueError(`${op}: ${arg} must be an array of integers or an int32 tensor, got ${typeof x}.`);
  }
  const i = host.findIndex((v) => !Number.isInteger(v));
  if (i >= 0) {
    throw new ValueError(`${op}: ${arg}[${i}] is ${host[i]}. Expected integers.`);
  }
  return host;
}
