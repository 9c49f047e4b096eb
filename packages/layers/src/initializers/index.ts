export * from './get.js';
export * from './initializers.js';
