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
 * Vector or matrix norm, as NumPy's `linalg.norm` (and Keras `ops.norm`).
 *
 * Vector norms, over one axis (`axis` a number or a one-element list) or, with
 * `axis` left out, over all entries as one vector:
 * - `ord` p (any number but 0 and +-Infinity; default 2, also `'euclidean'`):
 *   `sum(|x|^p)^(1/p)`;
 * - `Infinity` / `-Infinity`: `max(|x|)` / `min(|x|)`;
 * - `0`: the number of non-zero entries (piecewise constant: its gradient is zero).
 *
 * Matrix norms, over two distinct axes `[rows, cols]`:
 * - `'fro'` / `'euclidean'` (default): `sqrt(sum(x^2))`;
 * - `1` / `-1`: the largest / smallest column sum of `|x|`;
 * - `Infinity` / `-Infinity`: the largest / smallest row sum of `|x|`.
 * The spectral norms (`ord` 2 and -2) need singular values, which tfjs cannot
 * compute: they, and any other order, throw a {@link ValueError}.
 *
 * Unlike NumPy, leaving `axis` out always gives the vector norm of all
 * entries, whatever the rank (NumPy gives a matrix norm for 2-D x when `ord`
 * is given). Integer input is computed in float32; complex64 input uses `|x|`.
 *
 * @example
 * ```ts
 * norm(tensor([3, -4]));          // 5
 * norm(tensor([1, -2, 2]), 3);    // 17^(1/3)
 * norm(tensor([0, 2, 0, 1]), 0);  // 2
 * norm(tensor([[1, -2], [3, 4]]), 1, [0, 1]); // 6, the largest column sum
 * ```
 */
export function norm(x: TensorInput, ord: NormOrd = 'euclidean', axis?: number | number[], keepDims = false): Tensor {
  return tfc.tidy(() => {
    const op = 'norm';
    let t = toTensor(x, 'x', op);
    if (t.dtype === 'complex64') t = tfc.abs(t);
    else if (t.dtype !== 'float32') t = tfc.cast(t, 'float32');
    const axes =
      axis === undefined
        ? t.shape.map((_, i) => i)
        : (Array.isArray(axis) ? axis : [axis]).map((a) => normalizeAxis(a, t.rank, op));
    if (axis !== undefined && (axes.length < 1 || axes.length > 2 || new Set(axes).size !== axes.length)) {
      throw new ValueError(
        `norm: axis must be one axis (vector norm) or two distinct axes (matrix norm), got ${JSON.stringify(axis)} ` +
          `for x of shape ${shapeString(t.shape)}.`,
      );
    }
    if (axis !== undefined && axes.length === 2) return matrixNorm(t, ord, axes as [number, number], keepDims);
    if (ord === 'fro' && axis !== undefined) {
      throw new ValueError(
        `norm: ord 'fro' is a matrix norm, but axis ${JSON.stringify(axis)} names one axis. ` +
          "Use ord 2 (or 'euclidean') for a vector, or pass two axes.",
      );
    }
    return vectorNorm(t, ord === 'fro' || ord === 'euclidean' ? 2 : ord, axes, keepDims);
  });
}

/** An ord as the user would write it: strings quoted, numbers (Infinity, NaN included) as they are. */
function ordString(ord: unknown): string {
  return typeof ord === 'string' ? `'${ord}'` : String(ord);
}

/** `sum(|x|^p)^(1/p)` and its limits over `axes` (all axes when x is a scalar: then none). */
function vectorNorm(t: Tensor, p: number, axes: number[], keepDims: boolean): Tensor {
  if (typeof p !== 'number' || Number.isNaN(p)) {
    throw new ValueError(
      `norm: invalid ord ${ordString(p)} for a vector norm. Expected a number p, Infinity, -Infinity, 0 or 'euclidean'.`,
    );
  }
  const reduce = (f: typeof tfc.sum, v: Tensor) => (axes.length > 0 ? f(v, axes, keepDims) : v);
  if (p === 0) return reduce(tfc.sum, tfc.cast(tfc.notEqual(t, 0), 'float32'));
  const abs = tfc.abs(t);
  if (p === Number.POSITIVE_INFINITY) return reduce(tfc.max, abs);
  if (p === Number.NEGATIVE_INFINITY) return reduce(tfc.min, abs);
  if (p === 1) return reduce(tfc.sum, abs);
  if (p === 2) return tfc.sqrt(reduce(tfc.sum, tfc.square(t)));
  return tfc.pow(reduce(tfc.sum, tfc.pow(abs, p)), 1 / p);
}

/** The matrix norms that need no singular values, over `[rows, cols]`. */
function matrixNorm(t: Tensor, ord: NormOrd, [rows, cols]: [number, number], keepDims: boolean): Tensor {
  if (ord === 'fro' || ord === 'euclidean') return tfc.sqrt(tfc.sum(tfc.square(t), [rows, cols], keepDims));
  // Sum |x| along one axis, then take the max or min along the other; keep
  // dimensions throughout so the axis numbers stay valid, squeeze at the end.
  const along = (sumAxis: number, pickAxis: number, pick: typeof tfc.max) => {
    const r = pick(tfc.sum(tfc.abs(t), sumAxis, true), pickAxis, true);
    return keepDims ? r : tfc.squeeze(r, [rows, cols]);
  };
  if (ord === 1) return along(rows, cols, tfc.max);
  if (ord === -1) return along(rows, cols, tfc.min);
  if (ord === Number.POSITIVE_INFINITY) return along(cols, rows, tfc.max);
  if (ord === Number.NEGATIVE_INFINITY) return along(cols, rows, tfc.min);
  const hint = ord === 2 || ord === -2 ? ' The spectral norm needs singular values, which are not available.' : '';
  throw new ValueError(
    `norm: invalid ord ${ordString(ord)} for a matrix norm ` +
      `(axes [${rows}, ${cols}] of x with shape ${shapeString(t.shape)}). Expected 'fro', 1, -1, Infinity or -Infinity.${hint}`,
  );
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
