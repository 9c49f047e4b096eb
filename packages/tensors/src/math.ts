/**
 * Products, norms, top-k and clipping.
 */
import { normalizeAxis, type TensorInput, toTensor } from './check.js';
import { ShapeError, shapeString, ValueError } from './errors.js';
import { type Tensor, tfc } from './tfjs.js';

/**
 * Matrix product of the last two dimensions, broadcasting batch dimensions.
 *
 * @example `matMul(a, b, false, true)` computes a @ b^T
 */
export function matMul(a: TensorInput, b: TensorInput, transposeA = false, transposeB = false): Tensor {
  return tfc.tidy(() => {
    const ta = toTensor(a, 'a', 'matMul');
    const tb = toTensor(b, 'b', 'matMul');
    if (ta.rank < 2 || tb.rank < 2) {
      throw new ShapeError(
        `matMul: expected tensors of rank >= 2, got ${shapeString(ta.shape)} and ${shapeString(tb.shape)}. Use dot() for vectors.`,
      );
    }
    const inner = transposeA ? ta.shape[ta.rank - 2] : ta.shape[ta.rank - 1];
    const innerB = transposeB ? tb.shape[tb.rank - 1] : tb.shape[tb.rank - 2];
    if (inner !== innerB) {
      throw new ShapeError(
        `matMul: inner dimensions differ: ${shapeString(ta.shape)}${transposeA ? '^T' : ''} @ ${shapeString(tb.shape)}${transposeB ? '^T' : ''} ` +
          `(${inner} vs ${innerB}). Expected a's last dimension to equal b's second-to-last.`,
      );
    }
    return tfc.matMul(ta, tb, transposeA, transposeB);
  });
}

/**
 * NumPy's `dot` for rank 1 and 2: vector . vector is a scalar, matrix . vector a
 * vector, matrix . matrix a matrix.
 */
export function dot(a: TensorInput, b: TensorInput): Tensor {
  return tfc.tidy(() => {
    const ta = toTensor(a, 'a', 'dot');
    const tb = toTensor(b, 'b', 'dot');
    if (ta.rank > 2 || tb.rank > 2 || ta.rank === 0 || tb.rank === 0) {
      throw new ShapeError(
        `dot: expected rank 1 or 2 operands, got ${shapeString(ta.shape)} and ${shapeString(tb.shape)}. Use tensordot or matMul.`,
      );
    }
    const inA = ta.shape[ta.rank - 1];
    const inB = tb.shape[0];
    if (inA !== inB) {
      throw new ShapeError(
        `dot: ${shapeString(ta.shape)} . ${shapeString(tb.shape)}: inner dimensions ${inA} and ${inB} differ.`,
      );
    }
    return tfc.dot(ta, tb);
  });
}

/**
 * Sums products over the given axes: `axes = n` contracts the last n axes of
 * `a` with the first n of `b`; `axes = [axesA, axesB]` names them.
 *
 * @example `tensordot([1, 2, 3], [4, 5, 6], 1) // 32`
 */
export function tensordot(a: TensorInput, b: TensorInput, axes: number | [number[], number[]] = 2): Tensor {
  return tfc.tidy(() => {
    const ta = toTensor(a, 'a', 'tensordot');
    const tb = toTensor(b, 'b', 'tensordot');
    let axA: number[];
    let axB: number[];
    if (typeof axes === 'number') {
      if (axes > ta.rank || axes > tb.rank) {
        throw new ShapeError(
          `tensordot: cannot contract ${axes} axes of ${shapeString(ta.shape)} and ${shapeString(tb.shape)}.`,
        );
      }
      axA = Array.from({ length: axes }, (_, i) => ta.rank - axes + i);
      axB = Array.from({ length: axes }, (_, i) => i);
    } else {
      axA = axes[0].map((x) => normalizeAxis(x, ta.rank, 'tensordot'));
      axB = axes[1].map((x) => normalizeAxis(x, tb.rank, 'tensordot'));
    }
    if (axA.length !== axB.length || axA.some((x, i) => ta.shape[x] !== tb.shape[axB[i]])) {
      throw new ShapeError(
        `tensordot: contracted dimensions differ: axes [${axA}] of ${shapeString(ta.shape)} vs [${axB}] of ${shapeString(tb.shape)}.`,
      );
    }
    const freeA = ta.shape.map((_, i) => i).filter((i) => !axA.includes(i));
    const freeB = tb.shape.map((_, i) => i).filter((i) => !axB.includes(i));
    const k = axA.reduce((p, x) => p * ta.shape[x], 1);
    const outShape = [...freeA.map((i) => ta.shape[i]), ...freeB.map((i) => tb.shape[i])];
    const a2 = tfc.reshape(tfc.transpose(ta, [...freeA, ...axA]), [-1, k]);
    const b2 = tfc.reshape(tfc.transpose(tb, [...axB, ...freeB]), [k, -1]);
    return tfc.reshape(tfc.matMul(a2, b2), outShape);
  });
}

/** Norm orders accepted by {@link norm}. */
export type NormOrd = number | 'euclidean' | 'fro';

/**
 * Vector or matrix norm. For a vector (one axis): `ord` 1, 2 (default), any p,
 * Infinity. For a matrix (two axes): 'fro' (default), 1, Infinity.
 */
export function norm(
  x: TensorInput,
  ord: NormOrd = 'euclidean',
  axis?: number | [number, number],
  keepDims = false,
): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'norm');
    return tfc.norm(t, ord as number | 'euclidean' | 'fro', axis, keepDims);
  });
}

/**
 * The `k` largest entries along the last axis and their indices.
 *
 * @example `topK(tensor([3.2, 1.5, 7.8, 5.5]), 2).values // [7.8, 5.5]`
 */
export function topK(x: TensorInput, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'topK');
    const last = t.shape[t.rank - 1];
    if (t.rank === 0 || !Number.isInteger(k) || k < 0 || k > last) {
      throw new ShapeError(
        `topK: k=${k} is out of range for a last dimension of ${last} (shape ${shapeString(t.shape)}).`,
      );
    }
    return tfc.topk(t, k, sorted);
  });
}

/**
 * Scales `x` so that its L2 norm (over `axes`, default all) is at most `clipNorm`.
 */
export function clipByNorm(x: TensorInput, clipNorm: number, axes?: number[]): Tensor {
  if (!(clipNorm > 0)) throw new ValueError(`clipByNorm: clipNorm must be > 0, got ${clipNorm}.`);
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'clipByNorm');
    const l2 = tfc.sqrt(tfc.sum(tfc.square(t), axes, true));
    return tfc.div(tfc.mul(t, clipNorm), tfc.maximum(l2, clipNorm));
  });
}

/**
 * Scales every tensor by `clipNorm / max(globalNorm, clipNorm)`, where the
 * global norm is the L2 norm of all of them together. Returns the clipped
 * tensors and the global norm.
 */
export function clipByGlobalNorm(xs: TensorInput[], clipNorm: number): { clipped: Tensor[]; globalNorm: Tensor } {
  if (!(clipNorm > 0)) throw new ValueError(`clipByGlobalNorm: clipNorm must be > 0, got ${clipNorm}.`);
  return tfc.tidy(() => {
    const ts = xs.map((x, i) => toTensor(x, `xs[${i}]`, 'clipByGlobalNorm'));
    const globalNorm = tfc.sqrt(tfc.addN(ts.map((t) => tfc.sum(tfc.square(t)))));
    const scale = tfc.div(clipNorm, tfc.maximum(globalNorm, clipNorm));
    return { clipped: ts.map((t) => tfc.mul(t, scale)), globalNorm };
  });
}

/** Softmax along `axis` (default last). */
export function softmax(x: TensorInput, axis = -1): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'softmax');
    const a = normalizeAxis(axis, t.rank, 'softmax');
    if (a === t.rank - 1) return tfc.softmax(t);
    const shifted = tfc.sub(t, tfc.max(t, a, true));
    const e = tfc.exp(shifted);
    return tfc.div(e, tfc.sum(e, a, true));
  });
}

/** log(softmax(x)) along `axis` (default last), computed stably. */
export function logSoftmax(x: TensorInput, axis = -1): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'logSoftmax');
    const a = normalizeAxis(axis, t.rank, 'logSoftmax');
    return tfc.sub(t, tfc.logSumExp(t, a, true));
  });
}
