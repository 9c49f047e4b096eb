/**
 * FusedBatchNorm, y = (x - mean) * rsqrt(variance + eps) * scale + offset,
 * differentiated with plain broadcasting for any rank of x, each gradient
 * summed back to its input's shape. tfjs's gradient reshaped the per-channel
 * rsqrt to rank 4 and tiled it with one repeat per axis of x, which fails
 * for x of rank 5 (batchNorm passes rank >= 4 through unchanged).
 *
 * A missing scale counts as 1. A missing offset or scale still cannot be
 * differentiated through tfjs's tape, which does not allow an undefined
 * kernel input (getFilteredNodesXToY and saveTensorsForBackwardMode read it):
 * callers pass explicit zeros and ones (nn/normalization.ts does).
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type Attrs, type GradConfig, reduceToShape } from './util.js';

export const fusedBatchNormGradConfig: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved as Array<Tensor | undefined> as Tensor[];
    const { varianceEpsilon } = attrs as Attrs & { varianceEpsilon: number };
    const g = dy as Tensor;
    const inv = () => tfc.rsqrt(tfc.add(variance, varianceEpsilon));
    const scaledDy = () => (scale == null ? g : tfc.mul(g, scale));
    return {
      x: () => reduceToShape(tfc.mul(scaledDy(), inv()), x.shape),
      mean: () => reduceToShape(tfc.neg(tfc.mul(scaledDy(), inv())), mean.shape),
      variance: () => {
        // d/dv (v + eps)^(-1/2) = -1/2 (v + eps)^(-3/2)
        const r = inv();
        const dInv = tfc.mul(tfc.mul(r, tfc.square(r)), -0.5);
        return reduceToShape(tfc.mul(tfc.mul(scaledDy(), tfc.sub(x, mean)), dInv), variance.shape);
      },
      scale: () => reduceToShape(tfc.mul(g, tfc.mul(tfc.sub(x, mean), inv())), (scale ?? mean).shape),
      offset: () => reduceToShape(g, mean.shape),
    };
  },
};
