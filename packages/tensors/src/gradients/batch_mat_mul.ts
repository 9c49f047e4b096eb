/**
 * BatchMatMul: TensorFlow's matmul gradients (dA = dy B^T, dB = A^T dy, with
 * the transposes folded in), then each summed over the batch axes along which
 * that operand was broadcast and reshaped to it. tfjs skipped that reduction,
 * so matMul([2,2,3], [3,4]) gave B a [2,3,4] gradient and failed.
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type Attrs, type GradConfig, reduceToShape } from './util.js';

export const batchMatMulGradConfig: GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const g = dy as Tensor;
    const { transposeA, transposeB } = attrs as Attrs & { transposeA: boolean; transposeB: boolean };
    let da: () => Tensor;
    let db: () => Tensor;
    if (!transposeA && !transposeB) {
      da = () => tfc.matMul(g, b, false, true);
      db = () => tfc.matMul(a, g, true, false);
    } else if (!transposeA && transposeB) {
      da = () => tfc.matMul(g, b, false, false);
      db = () => tfc.matMul(g, a, true, false);
    } else if (transposeA && !transposeB) {
      da = () => tfc.matMul(b, g, false, true);
      db = () => tfc.matMul(a, g, false, false);
    } else {
      da = () => tfc.matMul(b, g, true, true);
      db = () => tfc.matMul(g, a, true, true);
    }
    return {
      a: () => reduceToShape(da(), a.shape),
      b: () => reduceToShape(db(), b.shape),
    };
  },
};
