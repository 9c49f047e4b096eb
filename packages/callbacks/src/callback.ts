/**
 * `Callback`: the base class of every training callback.
 */
import type { CallbackLike, HookResult, Logs, ModelLike, RunParams } from '@layerwise/core';

/**
 * The base class of training callbacks (Keras's `keras.callbacks.Callback`).
 * Every hook is a no-op here: a subclass overrides the ones it needs, and any
 * of them may be `async` (the engine awaits the promise before going on).
 * Before a run the engine calls {@link Callback.setModel} and
 * {@link Callback.setParams}, so a hook can read `this.model` (the model being
 * trained, as core's `ModelLike`) and `this.params` (`epochs`, `steps`,
 * `verbose`).
 *
 * Batch hooks receive logs whose values may be read back from the device when
 * a property is read: read them only when you need them, not on every batch.
 *
 * @example
 * ```ts
 * class StopAtLoss extends Callback {
 *   constructor(private readonly target: number) {
 *     super();
 *   }
 *   override onEpochEnd(epoch: number, logs?: Logs) {
 *     if (logs !== undefined && logs.loss < this.target && this.model !== null) {
 *       console.log(`epoch ${epoch + 1}: loss ${logs.loss} < ${this.target}, stopping`);
 *       this.model.stopTraining = true;
 *     }
 *   }
 * }
 *
 * await model.fit(x, y, { epochs: 100, callbacks: [new StopAtLoss(0.05)] });
 * ```
 */
export class Callback implements CallbackLike {
  /** The model this callback is attached to; `null` until the engine calls {@link Callback.setModel}. */
  model: ModelLike | null = null;
  /** The parameters of the current run; `null` until the engine calls {@link Callback.setParams}. */
  params: RunParams | null = null;

  /** Attaches the model (called by the engine before a run). */
  setModel(model: ModelLike): void {
    this.model = model;
  }

  /** Stores the run's parameters (called by the engine before a run). */
  setParams(params: RunParams): void {
    this.params = params;
  }

  /** Called once at the start of `fit`. */
  onTrainBegin(_logs?: Logs): HookResult {}
  /** Called once at the end of `fit`, with the last epoch's logs. */
  onTrainEnd(_logs?: Logs): HookResult {}
  /** Called at the start of each epoch (`epoch` counts from 0). */
  onEpochBegin(_epoch: number, _logs?: Logs): HookResult {}
  /** Called at the end of each epoch with the epoch's training and validation (`val_*`) logs. */
  onEpochEnd(_epoch: number, _logs?: Logs): HookResult {}
  /** Called before each training batch (`batch` counts from 0 within the epoch). */
  onTrainBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  /** Called after each training batch with the running loss and metrics (possibly read lazily from the device). */
  onTrainBatchEnd(_batch: number, _logs?: Logs): HookResult {}
  /** Called at the start of `evaluate` and of each validation pass in `fit`. */
  onTestBegin(_logs?: Logs): HookResult {}
  /** Called at the end of `evaluate` and of each validation pass in `fit`. */
  onTestEnd(_logs?: Logs): HookResult {}
  /** Called before each evaluation batch. */
  onTestBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  /** Called after each evaluation batch. */
  onTestBatchEnd(_batch: number, _logs?: Logs): HookResult {}
  /** Called at the start of `predict`. */
  onPredictBegin(_logs?: Logs): HookResult {}
  /** Called at the end of `predict`. */
  onPredictEnd(_logs?: Logs): HookResult {}
  /** Called before each prediction batch. */
  onPredictBatchBegin(_batch: number, _logs?: Logs): HookResult {}
  /** Called after each prediction batch. */
  onPredictBatchEnd(_batch: number, _logs?: Logs): HookResult {}
}
