export * from './add.js';
export * from './average.js';
export * from './concatenate.js';
export * from './dot.js';
export * from './maximum.js';
export { Merge, type MergeMasks } from './merge.js';
export * from './minimum.js';
export * from './multiply.js';
export * from './subtract.js';
