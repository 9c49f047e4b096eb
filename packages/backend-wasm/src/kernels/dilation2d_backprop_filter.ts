import { Dilation2DBackpropFilter } from '@tensorflow/tfjs-core';
import { dilation2DBackpropConfig } from './dilation2d_util.js';

/**
 * The dilation2d gradient with respect to the filter: each `dy` goes to the filter tap that won its window.
 * Replaces tfjs-backend-wasm's, which returns wrong values for batch > 1 at stride 1.
 */
export const dilation2DBackpropFilterConfig = dilation2DBackpropConfig(Dilation2DBackpropFilter, 'filter');
