/**
 * Elementwise selection between two tensors by a boolean condition.
 */
import { broadcastShapes, type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString } from '../errors.js';
import { type DataType, type Tensor, tfc } from '../tfjs.js';
import { toWeakTensor } from './common.js';

const RANK: Partial<Record<DataType, number>> = { bool: 0, int32: 1, float32: 2 };

/**
 * `a` where `condition` is true, `b` elsewhere, broadcasting all three to one
 * shape with NumPy rules (Keras's `ops.where` with two branches). `condition`
 * must be bool (build it with a comparison such as `less(t, 0)`). A plain
 * number for `a` or `b` takes the other branch's dtype when it fits; branches
 * of different dtypes are promoted as Keras does (bool < int32 < float32).
 * Differentiable with respect to `a` and `b`.
 *
 * @example
 * ```ts
 * const t = tensor([-2, 3, -1, 4]);
 * where(less(t, 0), 0, t); // [0, 3, 0, 4]
 * ```
 */
export function where(condition: TensorInput, a: TensorInput, b: TensorInput): Tensor {
  const op = 'where';
  return tfc.tidy(() => {
    const c = toTensor(condition, 'condition', op, condition instanceof tfc.Tensor ? undefined : 'bool');
    if (c.dtype !== 'bool') {
      throw new DTypeError(
        `${op}: condition has dtype ${c.dtype}, expected bool. Build it with a comparison ` +
          `(e.g. greater(x, 0)) or convert it with notEqual(condition, 0).`,
      );
    }
    const aIsTensor = a instanceof tfc.Tensor;
    const bIsTensor = b instanceof tfc.Tensor;
    let ta = aIsTensor || !bIsTensor ? toTensor(a, 'a', op) : toWeakTensor(a, 'a', op, (b as Tensor).dtype);
    let tb = toWeakTensor(b, 'b', op, aIsTensor || !bIsTensor ? ta.dtype : undefined);
    if (ta.dtype !== tb.dtype) {
      const ra = RANK[ta.dtype];
      const rb = RANK[tb.dtype];
      if (ra === undefined || rb === undefined) {
        throw new DTypeError(
          `${op}: a has dtype ${ta.dtype} and b has dtype ${tb.dtype}. Expected equal dtypes (bool, int32 and ` +
            `float32 are promoted to the wider one); cast one of them.`,
        );
      }
      if (ra < rb) ta = tfc.cast(ta, tb.dtype);
      else tb = tfc.cast(tb, ta.dtype);
    }
    try {
      broadcastShapes(broadcastShapes(c.shape, ta.shape, op), tb.shape, op);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      throw new ShapeError(
        `${op}: condition ${shapeString(c.shape)}, a ${shapeString(ta.shape)} and b ${shapeString(tb.shape)} cannot ` +
          'be broadcast to one shape. Expected equal sizes or 1 in each trailing dimension; reshape or expandDims ' +
          'the operands so that their dimensions line up.',
      );
    }
    // tfc.where broadcasts all three itself (and its gradient sums over the broadcast dimensions).
    return tfc.where(c, ta, tb);
  });
}
