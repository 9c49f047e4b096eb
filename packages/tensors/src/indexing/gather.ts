/**
 * Integer-array ("advanced") indexing: {@link gather} along one axis, and
 * {@link gatherND} with index tuples. Indices must be int32; when they are
 * given as JavaScript numbers they are range-checked on the host for free.
 * Index tensors are not read back here: out-of-range values in them are
 * left to the backend kernels, which raise on cpu and wasm.
 */
import { normalizeAxis, type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkTuples, sizeOf, toIndices } from './common.js';

type Custom = (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];
type Forward = (...args: Array<Tensor | ((save: Tensor[]) => void)>) => { value: Tensor; gradFunc: Custom };

/** `tfc.customGrad` typed for {@link batchedGather}: `f` gets the inputs and a save function last. */
function custom(f: Forward): (...xs: Tensor[]) => Tensor {
  return tfc.customGrad(f as Parameters<typeof tfc.customGrad>[0]) as (...xs: Tensor[]) => Tensor;
}

/**
 * A batched gather (`batchDims = b >= 1`): tfjs's GatherV2 (the wasm kernel is
 * fixed for `batchDims` by @layerwise/backend-wasm), with a gradient of its
 * own, because tfjs-core's handles `batchDims` 1 only (one op per batch
 * element). Viewing `x` as rows `[batch * middle * depth, rest]`, output row
 * `(n, m, i)` came from row `(n * middle + m) * depth + indices[n, i]`, so
 * the gradient is one segment sum of `dy`'s rows by those row numbers. Both
 * backends raise for an index outside `[0, depth)`, so it never reads a
 * neighbouring batch element.
 */
function batchedGather(x: Tensor, indices: Tensor, axis: number, b: number): Tensor {
  const shape = x.shape;
  const n = sizeOf(shape.slice(0, b));
  const middle = sizeOf(shape.slice(b, axis)); // dimensions between the batch and the gathered axis
  const depth = shape[axis];
  const rest = sizeOf(shape.slice(axis + 1));
  const p = sizeOf(indices.shape.slice(b));
  return custom((xx, save) => {
    (save as (s: Tensor[]) => void)([indices]);
    return {
      value: tfc.gather(xx as Tensor, indices, axis, b),
      gradFunc: (dy, saved) => {
        const first = tfc.mul(tfc.range(0, n * middle, 1, 'int32'), tfc.scalar(depth, 'int32'));
        const rows = tfc.add(tfc.reshape(first, [n, middle, 1]), tfc.reshape(saved[0], [n, 1, p]));
        const g = tfc.unsortedSegmentSum(
          tfc.reshape(dy, [n * middle * p, rest]),
          tfc.reshape(rows, [-1]),
          n * middle * depth,
        );
        return tfc.reshape(g, shape);
      },
    };
  })(x);
}

/**
 * Takes the slices of `x` at `indices` along `axis` (NumPy's `take`,
 * TensorFlow's `gather`). The result has shape
 * `x.shape[:axis] + indices.shape[batchDims:] + x.shape[axis+1:]`.
 *
 * With `batchDims = b`, the first `b` dimensions of `x` and `indices` are
 * batch dimensions that must match, and each batch element gathers from its
 * own slice of `x` (`axis` must be at least `b`; a negative `b` counts from
 * the rank of `indices`). Indices must be int32 (or JavaScript integers) in
 * `[0, x.shape[axis])`; negative indices are not wrapped (as in TensorFlow).
 * Differentiable with respect to `x`.
 *
 * @example
 * ```ts
 * gather(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]);     // [[5, 6], [1, 2]]
 * gather(tensor([[1, 2], [3, 4]]), [[1], [0]], 1, 1);  // [[2], [3]]
 * ```
 */
export function gather(x: TensorInput, indices: TensorInput, axis = 0, batchDims = 0): Tensor {
  const op = 'gather';
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', op);
    const idx = toIndices(indices, 'indices', op);
    const it = idx.tensor;
    if (t.rank === 0) {
      throw new ShapeError(`${op}: x is a scalar; expected a tensor of rank >= 1 to gather from.`);
    }
    const a = normalizeAxis(axis, t.rank, op);
    const b = Number.isInteger(batchDims) && batchDims < 0 ? batchDims + it.rank : batchDims;
    if (!Number.isInteger(b) || b < 0 || b > it.rank || b > a) {
      throw new ValueError(
        `${op}: batchDims ${batchDims} is invalid for indices of rank ${it.rank} and axis ${a}. ` +
          `Expected an integer in [${-it.rank}, ${Math.min(it.rank, a)}] (at most the rank of indices and at most axis).`,
      );
    }
    for (let i = 0; i < b; i++) {
      if (t.shape[i] !== it.shape[i]) {
        throw new ShapeError(
          `${op}: batch dimension ${i} differs: x ${shapeString(t.shape)} has ${t.shape[i]}, indices ` +
            `${shapeString(it.shape)} has ${it.shape[i]}. Expected the first ${b} (batchDims) dimensions to match.`,
        );
      }
    }
    const depth = t.shape[a];
    if (idx.host !== undefined) {
      const bad = Array.from(idx.host).find((v) => v < 0 || v >= depth);
      if (bad !== undefined) {
        throw new ShapeError(
          `${op}: index ${bad} is out of range for axis ${a} of x ${shapeString(t.shape)} (size ${depth}). ` +
            `Expected indices in [0, ${depth - 1}].`,
        );
      }
    }
    return b === 0 ? tfc.gather(t, it, a) : batchedGather(t, it, a, b);
  });
}

/**
 * Gathers slices of `x` addressed by index tuples: the last dimension `k` of
 * `indices` indexes the first `k` dimensions of `x`, so the result has shape
 * `indices.shape[:-1] + x.shape[k:]` (TensorFlow's `gather_nd`). Indices must
 * be int32 (or JavaScript integers). Differentiable with respect to `x`
 * (repeated indices add up in the gradient).
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * gatherND(x, [[1, 0], [0, 1]]); // [3, 2]
 * gatherND(x, [[1]]);            // [[3, 4]]
 * ```
 */
export function gatherND(x: TensorInput, indices: TensorInput): Tensor {
  const op = 'gatherND';
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', op);
    const idx = toIndices(indices, 'indices', op);
    const it = idx.tensor;
    const k = it.rank === 0 ? 0 : it.shape[it.rank - 1];
    if (it.rank === 0 || k < 1 || k > t.rank) {
      throw new ShapeError(
        `${op}: indices ${shapeString(it.shape)} must have rank >= 1 with a last dimension (index depth) in ` +
          `[1, ${t.rank}] for x ${shapeString(t.shape)}.`,
      );
    }
    checkTuples(idx.host, t.shape, k, op);
    const batch = it.shape.slice(0, -1);
    const tail = t.shape.slice(k);
    const out = tfc.gatherND(t, tfc.reshape(it, [sizeOf(batch), k]));
    return tfc.reshape(out, [...batch, ...tail]);
  });
}
