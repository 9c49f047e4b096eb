/**
 * `model.save()` and `loadModel()`: a model's architecture, weights,
 * compile arguments and optimizer state in one native file (or an in-memory
 * handler in browsers).
 */
import { type CustomObjects, deserialize, SerializationError, type SerializedObject } from '@layerwise/core';
import type { Shape } from '@layerwise/layers';
import * as T from '@layerwise/tensors';
import type { Model } from './model.js';
import {
  loadArtifacts,
  MODEL_FORMAT_NAME,
  MODEL_FORMAT_VERSION,
  type ModelArtifacts,
  type ModelIOHandler,
  saveArtifacts,
} from './saving/index.js';
import type { CompileOptions } from './training/compile.js';

/** The Layerwise version written into saved files. */
export const LAYERWISE_VERSION = '0.1.0';

/** A serialized model with how to build it (Keras 3's `build_config`), for subclassed models. */
type SavedModelConfig = SerializedObject & { buildConfig?: { inputShape: Shape | Shape[] } };

/** A model of any output type (one output or several). */
// biome-ignore lint/suspicious/noExplicitAny: saving serves models of any output type
export type AnyModel = Model<any>;

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Classes for custom layers, losses, metrics or subclassed models, by class name. */
  customObjects?: CustomObjects;
  /** Compile the model with the saved arguments and restore the optimizer state (default true). */
  compile?: boolean;
}

/** Writes `model` to a file path (Node; written to a temporary file, then renamed) or a handler. */
export async function saveModel(model: AnyModel, pathOrHandler: string | ModelIOHandler): Promise<void> {
  const modelConfig: SavedModelConfig = model.toSerialized();
  if (!model.isGraphNetwork) {
    const inputShape = model.buildInputShape;
    if (inputShape === null) {
      throw new SerializationError(
        `Model '${model.name}' has not been built, so its weights do not exist yet. Call it on data, fit it, ` +
          'or call model.build(inputShape) before saving.',
      );
    }
    modelConfig.buildConfig = { inputShape };
  }
  const artifacts: ModelArtifacts = {
    format: MODEL_FORMAT_NAME,
    formatVersion: MODEL_FORMAT_VERSION,
    modelConfig,
    compileConfig: model.compiled ? model.requireCompiled('save').getConfig() : null,
    weights: model.weights.map((v) => ({ name: v.name, tensor: v })),
    optimizerWeights: model.builtOptimizerVariables.map((v) => ({ name: v.name, tensor: v })),
    metadata: { layerwiseVersion: LAYERWISE_VERSION, savedAt: new Date().toISOString(), backend: T.getBackend() },
  };
  await saveArtifacts(artifacts, pathOrHandler);
}

/**
 * Loads a model saved with `model.save()`: rebuilds the architecture,
 * sets the weights, and (unless `compile: false`) compiles it with the saved
 * arguments and restores the optimizer state, so training resumes where it
 * stopped. A missing file raises `ModelFileNotFoundError`; a corrupt or
 * foreign file a `SerializationError` that says what was wrong.
 *
 * @example
 * ```ts
 * await model.save('digits.lwm');
 * const again = await loadModel('digits.lwm');
 * ```
 */
export async function loadModel<M extends AnyModel = AnyModel>(
  pathOrHandler: string | ModelIOHandler,
  options: LoadModelOptions = {},
): Promise<M> {
  const artifacts = await loadArtifacts(pathOrHandler);
  let model: AnyModel | null = null;
  try {
    const saved = artifacts.modelConfig as SavedModelConfig;
    const built = deserialize<AnyModel>(saved, options.customObjects ?? {});
    model = built;
    if (typeof (built as { trainStep?: unknown }).trainStep !== 'function') {
      throw new SerializationError(
        `The file holds a '${saved.className}', which is not a model. Load layers with deserialize().`,
      );
    }
    if (!built.isGraphNetwork && saved.buildConfig) built.build(saved.buildConfig.inputShape);
    const weights = built.weights;
    const names = artifacts.weights.map((w) => w.name);
    if (weights.length !== artifacts.weights.length) {
      throw new SerializationError(
        `The file has ${artifacts.weights.length} weights (${names.join(', ')}) but the rebuilt model '${built.name}' ` +
          `has ${weights.length}. The file may come from a different version of the model's code.`,
      );
    }
    built.setWeights(artifacts.weights.map((w) => w.tensor));
    if (options.compile !== false && artifacts.compileConfig !== null) {
      built.compile(artifacts.compileConfig as unknown as CompileOptions);
      restoreOptimizer(built, artifacts);
    }
    return built as M;
  } catch (e) {
    model?.dispose();
    throw e;
  } finally {
    T.dispose([...artifacts.weights, ...artifacts.optimizerWeights].map((w) => w.tensor));
  }
}

/**
 * Loads weights and optimizer state saved by `model.save()` into an existing,
 * compiled model of the same architecture (what `BackupAndRestore` does when
 * a run resumes). Counts and shapes are checked before anything changes.
 *
 * @example
 * ```ts
 * await model.save('backup.lwm');
 * await model.restore('backup.lwm'); // same weights and optimizer state
 * ```
 */
export async function restoreModel(model: AnyModel, pathOrHandler: string | ModelIOHandler): Promise<void> {
  const artifacts = await loadArtifacts(pathOrHandler);
  try {
    const weights = model.weights;
    if (weights.length !== artifacts.weights.length) {
      throw new SerializationError(
        `The file has ${artifacts.weights.length} weights but model '${model.name}' has ${weights.length}: ` +
          'it was saved from a different architecture.',
      );
    }
    model.setWeights(artifacts.weights.map((w) => w.tensor));
    if (model.compiled) restoreOptimizer(model, artifacts);
  } finally {
    T.dispose([...artifacts.weights, ...artifacts.optimizerWeights].map((w) => w.tensor));
  }
}

function restoreOptimizer(model: AnyModel, artifacts: ModelArtifacts): void {
  if (artifacts.optimizerWeights.length === 0) return;
  const optimizer = model.requireCompiled('loadModel');
  optimizer.optimizer.build(model.trainableWeights);
  const expected = optimizer.optimizer.variables().length;
  if (expected !== artifacts.optimizerWeights.length) {
    throw new SerializationError(
      `The file has ${artifacts.optimizerWeights.length} optimizer variables but the rebuilt optimizer has ${expected}. ` +
        'Load with { compile: false } to skip the optimizer state.',
    );
  }
  optimizer.optimizer.setWeights(artifacts.optimizerWeights.map((w) => w.tensor));
}
