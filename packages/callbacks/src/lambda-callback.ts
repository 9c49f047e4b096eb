/**
 * `LambdaCallback`: a callback built from plain functions (Keras's
 * `keras/src/callbacks/lambda_callback.py`).
 */
import type { HookResult, Logs } from '@layerwise/core';
import { Callback } from './callback.js';

/** A hook that receives only the logs (`onTrainBegin`, `onTrainEnd`, `onTestBegin`, ...). */
export type LogsHook = (logs?: Logs) => HookResult;
/** A hook that receives an epoch or batch index and the logs. */
export type IndexedHook = (index: number, logs?: Logs) => HookResult;

/**
 * The functions of a {@link LambdaCallback}, one per {@link Callback} hook;
 * each is optional and may be async. Keras names six (`onEpochBegin`,
 * `onEpochEnd`, `onTrainBegin`, `onTrainEnd`, `onTrainBatchBegin`,
 * `onTrainBatchEnd`) and takes any other hook through `**kwargs`; here every
 * hook is a named option.
 */
export interface LambdaCallbackOptions {
  onEpochBegin?: IndexedHook;
  onEpochEnd?: IndexedHook;
  onTrainBegin?: LogsHook;
  onTrainEnd?: LogsHook;
  onTrainBatchBegin?: IndexedHook;
  onTrainBatchEnd?: IndexedHook;
  onTestBegin?: LogsHook;
  onTestEnd?: LogsHook;
  onTestBatchBegin?: IndexedHook;
  onTestBatchEnd?: IndexedHook;
  onPredictBegin?: LogsHook;
  onPredictEnd?: LogsHook;
  onPredictBatchBegin?: IndexedHook;
  onPredictBatchEnd?: IndexedHook;
}

const HOOKS = [
  'onEpochBegin',
  'onEpochEnd',
  'onTrainBegin',
  'onTrainEnd',
  'onTrainBatchBegin',
  'onTrainBatchEnd',
  'onTestBegin',
  'onTestEnd',
  'onTestBatchBegin',
  'onTestBatchEnd',
  'onPredictBegin',
  'onPredictEnd',
  'onPredictBatchBegin',
  'onPredictBatchEnd',
] as const satisfies ReadonlyArray<keyof LambdaCallbackOptions>;

/**
 * A callback made on the fly from functions (Keras's `LambdaCallback`): each
 * function given replaces the matching hook, and the hooks not given stay
 * no-ops. `onEpochBegin`/`onEpochEnd` receive `(epoch, logs)`, the batch hooks
 * `(batch, logs)`, and `onTrainBegin`/`onTrainEnd` (and the test and predict
 * begin/end hooks) `(logs)`. A function may return a promise, which the engine
 * awaits. Inside the functions the model is not `this`: capture it, or use
 * `callback.model`.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const logToLines = new LambdaCallback({
 *   onEpochEnd: (epoch, logs) => {
 *     lines.push(JSON.stringify({ epoch, loss: logs?.loss }));
 *   },
 *   onTrainEnd: () => console.log(lines.join('\n')),
 * });
 * await model.fit(x, y, { epochs: 5, callbacks: [logToLines] });
 * ```
 */
export class LambdaCallback extends Callback {
  constructor(options: LambdaCallbackOptions = {}) {
    super();
    const self = this as unknown as Record<string, unknown>;
    for (const hook of HOOKS) {
      const fn = options[hook];
      if (fn !== undefined) self[hook] = fn;
    }
  }
}
