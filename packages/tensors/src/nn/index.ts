/**
 * Neural-network ops: convolutions (plain, transposed, depthwise, separable),
 * pooling, normalization, dropout, fused dense products, image resizing and
 * the activations tfjs lacks. Keras 3 conventions throughout: channels-last
 * layouts by default, Keras kernel shapes, Keras defaults.
 */
export * from './activations.js';
export * from './conv.js';
export * from './conv_transpose.js';
export * from './depthwise.js';
export * from './dropout.js';
export * from './fused.js';
export * from './image.js';
export * from './normalization.js';
export * from './pooling.js';
