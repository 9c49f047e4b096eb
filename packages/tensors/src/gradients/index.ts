/**
 * Gradients that tfjs-core gets wrong or lacks, registered into its gradient
 * registry in place of its own. Imported for its side effect by ../tfjs.ts,
 * right after the registrations it replaces (vendor/tfjs-extras.js), so every
 * op of the package, and any tfjs op a user runs, differentiates with these.
 * Each file states what tfjs did and the rule that replaces it.
 */
import { tfc } from '../tfjs.js';
import { absGradConfig } from './abs.js';
import { batchMatMulGradConfig } from './batch_mat_mul.js';
import { complexGradConfig } from './complex.js';
import { complexAbsGradConfig } from './complex_abs.js';
import { conv2DGradConfig } from './conv2d.js';
import { conv3DGradConfig } from './conv3d.js';
import { conv3DBackpropInputV2GradConfig } from './conv3d_backprop_input_v2.js';
import { cumprodGradConfig } from './cumprod.js';
import { cumsumGradConfig } from './cumsum.js';
import { depthwiseConv2dNativeGradConfig } from './depthwise_conv2d_native.js';
import { floorDivGradConfig } from './floor_div.js';
import { fusedBatchNormGradConfig } from './fused_batch_norm.js';
import { gatherNdGradConfig } from './gather_nd.js';
import { imagGradConfig } from './imag.js';
import { maximumGradConfig } from './maximum.js';
import { minimumGradConfig } from './minimum.js';
import { mirrorPadGradConfig } from './mirror_pad.js';
import { notDifferentiableGradConfigs } from './not_differentiable.js';
import { realGradConfig } from './real.js';
import { scatterNdGradConfig } from './scatter_nd.js';
import { squaredDifferenceGradConfig } from './squared_difference.js';
import { stridedSliceGradConfig } from './strided_slice.js';
import { tensorScatterUpdateGradConfig } from './tensor_scatter_update.js';
import { topKGradConfig } from './top_k.js';
import type { GradConfig } from './util.js';

/** Every gradient this folder registers. */
export const gradConfigs: readonly GradConfig[] = [
  ...notDifferentiableGradConfigs,
  absGradConfig,
  floorDivGradConfig,
  maximumGradConfig,
  minimumGradConfig,
  squaredDifferenceGradConfig,
  batchMatMulGradConfig,
  cumsumGradConfig,
  cumprodGradConfig,
  mirrorPadGradConfig,
  stridedSliceGradConfig,
  topKGradConfig,
  gatherNdGradConfig,
  scatterNdGradConfig,
  tensorScatterUpdateGradConfig,
  complexGradConfig,
  realGradConfig,
  imagGradConfig,
  complexAbsGradConfig,
  conv2DGradConfig,
  depthwiseConv2dNativeGradConfig,
  conv3DGradConfig,
  conv3DBackpropInputV2GradConfig,
  fusedBatchNormGradConfig,
];

/**
 * Puts `configs` into tfjs's gradient registry, replacing any entry for the
 * same kernel. registerGradient over an existing entry would log
 * "Overriding the gradient for ..." (in tfjs's DEBUG mode); replacing is the
 * point here, so the old entry is removed first and nothing is logged.
 */
export function registerGradients(configs: readonly GradConfig[] = gradConfigs): void {
  for (const config of configs) {
    if (tfc.getGradient(config.kernelName) !== undefined) tfc.unregisterGradient(config.kernelName);
    tfc.registerGradient(config);
  }
}

registerGradients();
