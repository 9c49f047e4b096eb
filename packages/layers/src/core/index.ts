export * from './dense.js';
export * from './identity.js';
export * from './masking.js';
export * from './lambda.js';
