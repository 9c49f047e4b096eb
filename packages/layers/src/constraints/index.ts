export * from './constraints.js';
