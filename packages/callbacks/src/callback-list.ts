/**
 * `CallbackList`: the engine's single entry point to a run's callbacks.
 */
import type { CallbackLike, HookResult, Logs, ModelLike, RunParams } from '@layerwise/core';
import { History } from './history.js';
import { ProgbarLogger } from './progbar-logger.js';

/** The hooks a {@link CallbackList} dispatches. */
type HookName = Exclude<keyof CallbackLike, 'setModel' | 'setParams'>;
type AnyHook = (this: CallbackLike, a?: unknown, b?: unknown) => HookResult;

/**
 * Options of {@link CallbackList}.
 *
 * @example
 * ```ts
 * new CallbackList(userCallbacks, { addHistory: true, addProgbar: verbose !== 0, model, params });
 * ```
 */
export interface CallbackListOptions {
  /** Append a {@link History} unless the callbacks already hold one (as `fit` does). */
  addHistory?: boolean;
  /** Append a {@link ProgbarLogger} unless the callbacks already hold one. */
  addProgbar?: boolean;
  /** Passed to every callback's `setModel`. */
  model?: ModelLike;
  /** Passed to every callback's `setParams`. */
  params?: RunParams;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== undefined && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Calls a run's callbacks in order (Keras's `CallbackList`). Each hook method
 * calls that hook on every callback that has it, one after the other; when a
 * callback returns a promise, the next callback is called only once it has
 * settled, and the method returns a promise for the whole chain. When no
 * callback returns a promise the method returns `undefined`, so the engine
 * can skip the `await` on the hot per-batch path:
 *
 * ```ts
 * const r = callbacks.onTrainBatchEnd(step, logs);
 * if (r !== undefined) await r;
 * ```
 *
 * An error thrown (or a promise rejected) by a callback stops the chain and
 * reaches the caller. Logs are passed through as given, never copied, so
 * lazy per-batch logs are read only by the callbacks that read them.
 *
 * @example
 * ```ts
 * const callbacks = new CallbackList(options.callbacks ?? [], { addHistory: true, addProgbar: verbose !== 0 });
 * callbacks.setModel(model);
 * callbacks.setParams({ epochs: 10, steps: 32, verbose });
 * await callbacks.onTrainBegin();
 * // ... per epoch and batch: onEpochBegin, onTrainBatchBegin, onTrainBatchEnd, onEpochEnd ...
 * await callbacks.onTrainEnd(lastEpochLogs);
 * return callbacks.history;
 * ```
 */
export class CallbackList implements CallbackLike {
  /** The callbacks, in call order. */
  readonly callbacks: CallbackLike[];
  /** The model given to {@link CallbackList.setModel}, if any. */
  model: ModelLike | null = null;
  /** The parameters given to {@link CallbackList.setParams}, if any. */
  params: RunParams | null = null;

  constructor(callbacks: Iterable<CallbackLike> = [], options: CallbackListOptions = {}) {
    this.callbacks = [...callbacks];
    if (options.addHistory === true && this.history === null) this.callbacks.push(new History());
    if (options.addProgbar === true && this.progbar === null) this.callbacks.push(new ProgbarLogger());
    if (options.model !== undefined) this.setModel(options.model);
    if (options.params !== undefined) this.setParams(options.params);
  }

  /** The first {@link History} among the callbacks, or `null`. */
  get history(): History | null {
    return (this.callbacks.find((cb) => cb instanceof History) as History | undefined) ?? null;
  }

  /** The first {@link ProgbarLogger} among the callbacks, or `null`. */
  get progbar(): ProgbarLogger | null {
    return (this.callbacks.find((cb) => cb instanceof ProgbarLogger) as ProgbarLogger | undefined) ?? null;
  }

  /** Adds a callback at the end; it receives the model and params already set. */
  append(callback: CallbackLike): void {
    this.callbacks.push(callback);
    if (this.model !== null) callback.setModel?.(this.model);
    if (this.params !== null) callback.setParams?.(this.params);
  }

  /** Gives the model to every callback. */
  setModel(model: ModelLike): void {
    this.model = model;
    for (const cb of this.callbacks) cb.setModel?.(model);
  }

  /** Gives the run's parameters to every callback. */
  setParams(params: RunParams): void {
    this.params = params;
    for (const cb of this.callbacks) cb.setParams?.(params);
  }

  /** Calls `onTrainBegin` on every callback in order; a promise only if one of them returned one. */
  onTrainBegin(logs?: Logs): HookResult {
    return this.dispatch('onTrainBegin', 1, logs);
  }
  /** Calls `onTrainEnd` on every callback in order; a promise only if one of them returned one. */
  onTrainEnd(logs?: Logs): HookResult {
    return this.dispatch('onTrainEnd', 1, logs);
  }
  /** Calls `onEpochBegin` on every callback in order; a promise only if one of them returned one. */
  onEpochBegin(epoch: number, logs?: Logs): HookResult {
    return this.dispatch('onEpochBegin', 2, epoch, logs);
  }
  /** Calls `onEpochEnd` on every callback in order; a promise only if one of them returned one. */
  onEpochEnd(epoch: number, logs?: Logs): HookResult {
    return this.dispatch('onEpochEnd', 2, epoch, logs);
  }
  /** Calls `onTrainBatchBegin` on every callback in order; a promise only if one of them returned one. */
  onTrainBatchBegin(batch: number, logs?: Logs): HookResult {
    return this.dispatch('onTrainBatchBegin', 2, batch, logs);
  }
  /** Calls `onTrainBatchEnd` on every callback in order; a promise only if one of them returned one. */
  onTrainBatchEnd(batch: number, logs?: Logs): HookResult {
    return this.dispatch('onTrainBatchEnd', 2, batch, logs);
  }
  /** Calls `onTestBegin` on every callback in order; a promise only if one of them returned one. */
  onTestBegin(logs?: Logs): HookResult {
    return this.dispatch('onTestBegin', 1, logs);
  }
  /** Calls `onTestEnd` on every callback in order; a promise only if one of them returned one. */
  onTestEnd(logs?: Logs): HookResult {
    return this.dispatch('onTestEnd', 1, logs);
  }
  /** Calls `onTestBatchBegin` on every callback in order; a promise only if one of them returned one. */
  onTestBatchBegin(batch: number, logs?: Logs): HookResult {
    return this.dispatch('onTestBatchBegin', 2, batch, logs);
  }
  /** Calls `onTestBatchEnd` on every callback in order; a promise only if one of them returned one. */
  onTestBatchEnd(batch: number, logs?: Logs): HookResult {
    return this.dispatch('onTestBatchEnd', 2, batch, logs);
  }
  /** Calls `onPredictBegin` on every callback in order; a promise only if one of them returned one. */
  onPredictBegin(logs?: Logs): HookResult {
    return this.dispatch('onPredictBegin', 1, logs);
  }
  /** Calls `onPredictEnd` on every callback in order; a promise only if one of them returned one. */
  onPredictEnd(logs?: Logs): HookResult {
    return this.dispatch('onPredictEnd', 1, logs);
  }
  /** Calls `onPredictBatchBegin` on every callback in order; a promise only if one of them returned one. */
  onPredictBatchBegin(batch: number, logs?: Logs): HookResult {
    return this.dispatch('onPredictBatchBegin', 2, batch, logs);
  }
  /** Calls `onPredictBatchEnd` on every callback in order; a promise only if one of them returned one. */
  onPredictBatchEnd(batch: number, logs?: Logs): HookResult {
    return this.dispatch('onPredictBatchEnd', 2, batch, logs);
  }

  /**
   * Calls `hook` with `arity` arguments on each callback in order; goes async
   * only from the first callback that returns a promise.
   */
  private dispatch(hook: HookName, arity: 1 | 2, a?: unknown, b?: unknown): HookResult {
    const cbs = this.callbacks;
    for (let i = 0; i < cbs.length; i++) {
      const cb = cbs[i];
      const fn = cb[hook] as AnyHook | undefined;
      if (fn === undefined) continue;
      const result = arity === 1 ? fn.call(cb, a) : fn.call(cb, a, b);
      if (isPromiseLike(result)) return this.dispatchRest(result, i + 1, hook, arity, a, b);
    }
    return undefined;
  }

  private async dispatchRest(
    pending: PromiseLike<unknown>,
    from: number,
    hook: HookName,
    arity: 1 | 2,
    a?: unknown,
    b?: unknown,
  ): Promise<void> {
    await pending;
    const cbs = this.callbacks;
    for (let i = from; i < cbs.length; i++) {
      const cb = cbs[i];
      const fn = cb[hook] as AnyHook | undefined;
      if (fn === undefined) continue;
      const result = arity === 1 ? fn.call(cb, a) : fn.call(cb, a, b);
      if (isPromiseLike(result)) await result;
    }
  }
}
