export * from './activity-regularization.js';
export * from './dropout.js';
export * from './gaussian-dropout.js';
export * from './gaussian-noise.js';
