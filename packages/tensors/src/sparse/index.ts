/**
 * Sparse and ragged tensors: {@link SparseTensor} (COO indices and values,
 * as `tf.sparse.SparseTensor`) with {@link sparseMatMul} and
 * {@link sparseAdd}, and {@link RaggedTensor} (flat values and row splits, as
 * `tf.RaggedTensor`).
 */
export { type RaggedRowsInput, RaggedTensor, type RowPartitionInput } from './ragged_tensor.js';
export { type SparseMatMulOptions, sparseAdd, sparseMatMul } from './sparse_ops.js';
export { type SparseIndicesInput, SparseTensor } from './sparse_tensor.js';
