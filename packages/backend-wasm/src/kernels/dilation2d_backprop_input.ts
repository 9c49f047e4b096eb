import { Dilation2DBackpropInput } from '@tensorflow/tfjs-core';
import { dilation2DBackpropConfig } from './dilation2d_util.js';

/**
 * The dilation2d gradient with respect to the input: each `dy` goes to the input pixel that won its window.
 * Replaces tfjs-backend-wasm's, which returns wrong values for batch > 1 at stride 1.
 */
export const dilation2DBackpropInputConfig = dilation2DBackpropConfig(Dilation2DBackpropInput, 'x');
