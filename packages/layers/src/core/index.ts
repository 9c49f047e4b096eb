export * from './dense.js';
