/**
 * Integer-array ("advanced") indexing: {@link gather} along one axis, and
 * {@link gatherND} with index tuples. Indices must be int32; when they are
 * given as JavaScript numbers they are range-checked on the host for free.
 * Index tensors are not read back here: out-of-range values in them are
 * left to the backend (cpu and wasm raise in `gather`; in `gatherND` cpu
 * raises when the tuple falls outside the whole tensor and wasm returns zeros).
 */
import { normalizeAxis, type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkTuples, sizeOf, toIndices } from './common.js';
import { gatherNDKernel } from './nd.js';

/**
 * A batched gather (`batchDims >= 1`) as one `gatherND` over (batch element,
 * index) pairs. tfjs's own `GatherV2` with `batchDims` returns wrong values on
 * wasm, and its gradient handles `batchDims` 1 only (one op per batch
 * element); `gatherND`'s gradient here is one `scatterND`. An index outside
 * `[0, x.shape[axis])` is sent to a batch element past the end, so it is an
 * error on cpu (and zeros on wasm) instead of reading a neighbour's data.
 */
function batchedGather(x: Tensor, indices: Tensor, axis: number, b: number): Tensor {
  const shape = x.shape;
  const n = sizeOf(shape.slice(0, b));
  const depth = shape[axis];
  const middle = shape.slice(b, axis); // dimensions between the batch and the gathered axis
  const rest = shape.slice(axis + 1);
  const inner = indices.shape.slice(b);
  const p = sizeOf(inner);
  const seq = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  // x as [N, D, M..., R...].
  const moved =
    middle.length > 0 ? tfc.transpose(x, [...seq(0, b), axis, ...seq(b, axis), ...seq(axis + 1, x.rank)]) : x;
  const params = tfc.reshape(moved, [n, depth, ...middle, ...rest]);
  const idx = tfc.reshape(indices, [n, p]);
  const valid = tfc.logicalAnd(
    tfc.greaterEqual(idx, tfc.scalar(0, 'int32')),
    tfc.less(idx, tfc.scalar(depth, 'int32')),
  );
  const ids = tfc.broadcastTo(tfc.reshape(tfc.range(0, n, 1, 'int32'), [n, 1]), [n, p]);
  const batchIds = tfc.where(valid, ids, tfc.fill([n, p], n, 'int32'));
  const tuples = tfc.reshape(tfc.stack([batchIds, idx], 2), [n * p, 2]);
  // [N * P, M..., R...] -> [B..., I..., M..., R...] -> [B..., M..., I..., R...]
  const out = tfc.reshape(gatherNDKernel(params, tuples), [...shape.slice(0, b), ...inner, ...middle, ...rest]);
  if (middle.length === 0 || inner.length === 0) return out;
  const ni = inner.length;
  const nm = middle.length;
  return tfc.transpose(out, [
    ...seq(0, b),
    ...seq(b + ni, b + ni + nm),
    ...seq(b, b + ni),
    ...seq(b + ni + nm, out.rank),
  ]);
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
    const out = gatherNDKernel(t, tfc.reshape(it, [sizeOf(batch), k]));
    return tfc.reshape(out, [...batch, ...tail]);
  });
}
