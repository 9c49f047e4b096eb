export * from './regularizers.js';
