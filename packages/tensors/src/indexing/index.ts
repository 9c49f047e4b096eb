/**
 * Indexing: NumPy-style slicing, boolean masks, gather/scatter, selection,
 * diagonals and bands, one-hot encoding.
 */
export { booleanMask, booleanMaskSync } from './boolean-mask.js';
export { bandPart, diag, diagPart } from './diag.js';
export { gather, gatherND } from './gather.js';
export { oneHot } from './one-hot.js';
export { scatterND, tensorScatterUpdate } from './scatter.js';
export { ellipsis, type IndexItem, type IndexSpec, newaxis, type SliceRange, slice, sliceRange } from './slice.js';
export { where } from './where.js';
