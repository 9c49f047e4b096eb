export * from './dense.js';
export * from './identity.js';
export * from './lambda.js';
export * from './masking.js';
