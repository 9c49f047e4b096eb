/**
 * The in-memory form of a saved model: everything `model.save()` writes and
 * `loadModel()` reads, independent of the file layout (see `container.ts`)
 * and of where the bytes go (see `handlers.ts`).
 */
import type { Config, SerializedObject } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';

/**
 * The name of the native Layerwise model format, as stored in
 * {@link ModelArtifacts.format}.
 *
 * @example
 * ```ts
 * if (artifacts.format === MODEL_FORMAT_NAME) { ... }
 * ```
 */
export const MODEL_FORMAT_NAME = 'layerwise';

/**
 * The newest version of the native model format that this release writes and
 * reads. A file with a higher version was written by a newer Layerwise and is
 * refused with a {@link SerializationError} that says to upgrade.
 *
 * @example
 * ```ts
 * const artifacts: ModelArtifacts = { format: 'layerwise', formatVersion: MODEL_FORMAT_VERSION, ... };
 * ```
 */
export const MODEL_FORMAT_VERSION = 1;

/**
 * The recommended file extension for native Layerwise model files
 * (`model.lwm`). It is a convention only: any file name is accepted.
 *
 * @example
 * ```ts
 * await model.save(`checkpoints/epoch-${epoch}${MODEL_FILE_EXTENSION}`);
 * ```
 */
export const MODEL_FILE_EXTENSION = '.lwm';

/**
 * A tensor with the name it is saved under (a weight path such as
 * `'dense/kernel'`, or an optimizer slot such as `'adam/dense_kernel_momentum'`).
 * Names are kept for inspection and matching; the order of the list is what
 * the loader relies on.
 *
 * @example
 * ```ts
 * const w: NamedTensor = { name: 'dense/kernel', tensor: zeros([4, 2]) };
 * ```
 */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/**
 * Metadata written next to a model: which Layerwise wrote it, when, and on
 * which backend. Readers must tolerate extra keys written by newer releases.
 *
 * @example
 * ```ts
 * const metadata: ModelMetadata = {
 *   layerwiseVersion: '0.1.0',
 *   savedAt: new Date().toISOString(),
 *   backend: getBackend(),
 * };
 * ```
 */
export interface ModelMetadata {
  /** The version of Layerwise that wrote the file (`'0.1.0'`). */
  layerwiseVersion: string;
  /** When the file was written, as an ISO-8601 string. */
  savedAt: string;
  /** The backend the weights were read from (`'wasm'`, `'cpu'`...), for information only. */
  backend?: string;
}

/**
 * Everything a native Layerwise model file holds. `encodeArtifacts` turns it
 * into bytes and `decodeArtifacts` back; the Model class builds it in
 * `model.save()` and consumes it in `loadModel()`.
 *
 * @example
 * ```ts
 * const artifacts: ModelArtifacts = {
 *   format: 'layerwise',
 *   formatVersion: 1,
 *   modelConfig: serialize(model),
 *   compileConfig: null,
 *   weights: model.weights.map((v) => ({ name: v.name, tensor: v })),
 *   optimizerWeights: [],
 *   metadata: { layerwiseVersion: '0.1.0', savedAt: new Date().toISOString() },
 * };
 * const bytes = await encodeArtifacts(artifacts);
 * ```
 */
export interface ModelArtifacts {
  format: 'layerwise';
  formatVersion: 1;
  /** The model's architecture: `serialize(model)`, `{ className, config, module? }`. */
  modelConfig: SerializedObject;
  /** The `compile()` arguments (optimizer, loss, metrics configs), or `null` for an uncompiled model. */
  compileConfig: Config | null;
  /** The model's weights, in `model.weights` order. */
  weights: NamedTensor[];
  /** The optimizer's state (iteration count, moments...), in the optimizer's own order; may be empty. */
  optimizerWeights: NamedTensor[];
  metadata: ModelMetadata;
}
