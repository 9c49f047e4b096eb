/**
 * `TerminateOnNaN`: stops training on a NaN or infinite loss (Keras's
 * `keras/src/callbacks/terminate_on_nan.py`).
 */
import type { Logs } from '@layerwise/core';
import { Callback } from './callback.js';

/** Options of {@link TerminateOnNaN}. */
export interface TerminateOnNaNOptions {
  /**
   * `false` (default): stop gracefully with `model.stopTraining = true`, so
   * every callback's `onTrainEnd` still runs. `true`: throw an `Error` at
   * once, skipping that cleanup (to keep backup state as it was).
   */
  raiseError?: boolean;
}

/**
 * Stops training when a batch's loss is NaN or infinite (Keras's
 * `TerminateOnNaN`). After every training batch it reads `logs.loss` and, when
 * it is not finite, prints `Batch <n>: Invalid loss, terminating training` and
 * sets `model.stopTraining = true`, or with `raiseError` throws an `Error`.
 *
 * Reading the loss forces a read-back from the device on every batch; use it
 * when divergence is a real risk.
 *
 * @example
 * ```ts
 * await model.fit(x, y, { epochs: 10, callbacks: [new TerminateOnNaN()] });
 * // strict: fail the fit right away
 * await model.fit(x, y, { epochs: 10, callbacks: [new TerminateOnNaN({ raiseError: true })] });
 * ```
 */
export class TerminateOnNaN extends Callback {
  /** Whether a non-finite loss throws instead of stopping gracefully. */
  readonly raiseError: boolean;

  constructor(options: TerminateOnNaNOptions = {}) {
    super();
    this.raiseError = options.raiseError ?? false;
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    const loss = logs?.loss;
    if (loss === undefined || loss === null) return;
    if (Number.isNaN(loss) || !Number.isFinite(loss)) {
      if (this.raiseError) {
        throw new Error(
          `NaN or Inf loss encountered at batch ${batch}. Loss value: ${loss}. Terminating training immediately.`,
        );
      }
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      if (this.model !== null) this.model.stopTraining = true;
    }
  }
}
