export * from './input-layer.js';
export * from './node.js';
export * from './symbolic-tensor.js';
