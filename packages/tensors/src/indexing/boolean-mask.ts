/**
 * Boolean-mask indexing (NumPy's `x[mask]`). The size of the result depends on
 * the mask's values, so the mask is read back to the host: asynchronously in
 * {@link booleanMask}, synchronously in {@link booleanMaskSync}.
 */
import { assertLive, normalizeAxis, type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { sizeOf } from './common.js';

interface Prepared {
  t: Tensor;
  mask: Tensor;
  axis: number;
  /** Tensors created here from JavaScript values, to dispose afterwards. */
  owned: Tensor[];
}

function prepare(x: TensorInput, mask: TensorInput, axis: number, op: string): Prepared {
  const owned: Tensor[] = [];
  const t = toTensor(x, 'x', op);
  if (t !== x) owned.push(t);
  try {
    const m = toTensor(mask, 'mask', op);
    if (m !== mask) owned.push(m);
    if (m.dtype !== 'bool') {
      throw new DTypeError(
        `${op}: mask has dtype ${m.dtype}, expected bool. Build it with a comparison (e.g. greater(x, 0)) ` +
          'or convert it with notEqual(mask, 0).',
      );
    }
    const a = normalizeAxis(axis, t.rank, op);
    const k = m.rank;
    if (k < 1 || a + k > t.rank || m.shape.some((d, i) => d !== t.shape[a + i])) {
      throw new ShapeError(
        `${op}: mask ${shapeString(m.shape)} does not match x ${shapeString(t.shape)} at axis ${a}. Expected a mask ` +
          `of rank >= 1 whose shape equals x.shape[${a}:${a + Math.max(k, 1)}] ` +
          `(${shapeString(t.shape.slice(a, a + Math.max(k, 1)))}).`,
      );
    }
    return { t, mask: m, axis: a, owned };
  } catch (e) {
    tfc.dispose(owned);
    throw e;
  }
}

function finish(p: Prepared, values: ArrayLike<number>, op: string): Tensor {
  assertLive(p.t, 'x', op);
  return tfc.tidy(() => {
    const picked: number[] = [];
    for (let i = 0; i < values.length; i++) if (values[i]) picked.push(i);
    const { t, axis } = p;
    const k = p.mask.rank;
    const flat = tfc.reshape(t, [...t.shape.slice(0, axis), sizeOf(p.mask.shape), ...t.shape.slice(axis + k)]);
    return tfc.gather(flat, tfc.tensor1d(picked, 'int32'), axis);
  });
}

/**
 * The entries (or slices) of `x` where `mask` is true (NumPy's `x[mask]`,
 * TensorFlow's `boolean_mask`). `mask` is bool with the shape of
 * `x.shape[axis : axis + mask.rank]`; those dimensions collapse into one of
 * length `count(mask)`. Differentiable with respect to `x`. Reads the mask
 * back to the host (asynchronously), since the result's size depends on it.
 *
 * @example
 * ```ts
 * await booleanMask(tensor([1, 2, 3, 4]), tensor([true, false, true, false])); // [1, 3]
 * await booleanMask(tensor([[1, 2], [3, 4]]), [false, true], 1);              // [[2], [4]]
 * ```
 */
export async function booleanMask(x: TensorInput, mask: TensorInput, axis = 0): Promise<Tensor> {
  const op = 'booleanMask';
  const p = prepare(x, mask, axis, op);
  try {
    const values = (await p.mask.data()) as Uint8Array;
    return finish(p, values, op);
  } finally {
    tfc.dispose(p.owned);
  }
}

/**
 * {@link booleanMask} that reads the mask back synchronously (`dataSync`):
 * it blocks until the device is done and stalls GPU backends, so prefer the
 * async form outside tests and CPU-only code.
 *
 * @example `booleanMaskSync(tensor([1, 2, 3]), [true, false, true]) // [1, 3]`
 */
export function booleanMaskSync(x: TensorInput, mask: TensorInput, axis = 0): Tensor {
  const op = 'booleanMaskSync';
  const p = prepare(x, mask, axis, op);
  try {
    return finish(p, p.mask.dataSync() as Uint8Array, op);
  } finally {
    tfc.dispose(p.owned);
  }
}
