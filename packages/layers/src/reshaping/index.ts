export * from './flatten.js';
export * from './permute.js';
export * from './repeat-vector.js';
export * from './reshape.js';
