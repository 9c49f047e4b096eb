export * from './activations.js';
export * from './get.js';
