/**
 * divNoNan with TensorFlow's DivNoNan gradient. tfjs has no DivNoNan kernel:
 * its `divNoNan` is `where(equal(b, 0), 0, a / b)`, so its gradient is
 * RealDiv's masked by the select, which is right where b != 0 (now that Equal
 * has a gradient, see not_differentiable.ts) but NaN where b == 0 (0 / 0 in
 * RealDiv's dy / b). This op is one tape node with the gradient
 * d a = dy / b and d b = -dy * a / b^2 where b != 0, and 0 where b == 0, each
 * summed over broadcast axes. Not registered (there is no kernel to register
 * it for): `elementwise.divNoNan` should call it instead of `tfc.divNoNan`.
 */
import { type Tensor, tfc } from '../tfjs.js';
import { reduceToShape } from './util.js';

type CustomGradFn = Parameters<typeof tfc.customGrad>[0];

const op = tfc.customGrad(((a: Tensor, b: Tensor, save: (ts: Tensor[]) => void) => {
  save([a, b]);
  return {
    value: tfc.divNoNan(a, b),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [sa, sb] = saved;
      const fa = tfc.cast(sa, 'float32');
      const fb = tfc.cast(sb, 'float32');
      const zero = tfc.equal(fb, 0);
      // dy / b with b replaced by 1 where it is 0, then masked: no 0 / 0 anywhere.
      const safe = tfc.where(zero, tfc.onesLike(fb), fb);
      const quotient = tfc.where(zero, tfc.zerosLike(dy), tfc.div(dy, safe));
      return [
        reduceToShape(quotient, sa.shape),
        reduceToShape(tfc.neg(tfc.div(tfc.mul(quotient, fa), safe)), sb.shape),
      ];
    },
  };
}) as unknown as CustomGradFn);

/** a / b, or 0 where b is 0, broadcasting; its gradient is 0 where b is 0. */
export function divNoNan(a: Tensor, b: Tensor): Tensor {
  return op(a, b) as Tensor;
}
