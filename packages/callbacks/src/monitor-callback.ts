/**
 * `MonitorCallback`: the shared base of callbacks that watch one logged
 * quantity and decide whether it improved (Keras's
 * `keras/src/callbacks/monitor_callback.py`).
 */
import { ValueError } from '@layerwise/core';
import { Callback } from './callback.js';

/** Which way a monitored quantity should move: `'auto'` infers it from the quantity's name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** The comparison a {@link MonitorCallback} uses: `'less'` when lower is better, `'greater'` when higher is. */
export type MonitorOp = 'less' | 'greater';

/**
 * Metric names (without `val_`, in Keras's snake_case) whose values improve
 * upwards: the metrics that Keras 3 marks with `_direction = "up"`
 * (accuracies, AUC, precision, recall, F-scores, IoUs, R², correlations,
 * cosine similarity, sensitivity/specificity, true positives/negatives).
 */
const MAXIMIZED = new Set([
  'acc',
  'accuracy',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'top_k_categorical_accuracy',
  'sparse_top_k_categorical_accuracy',
  'auc',
  'prc',
  'precision',
  'recall',
  'f1_score',
  'fbeta_score',
  'iou',
  'mean_iou',
  'binary_iou',
  'one_hot_iou',
  'one_hot_mean_iou',
  'r2_score',
  'pearson_correlation',
  'concordance_correlation',
  'cosine_similarity',
  'precision_at_recall',
  'recall_at_precision',
  'sensitivity_at_specificity',
  'specificity_at_sensitivity',
  'true_positives',
  'true_negatives',
]);

/** Metric and loss names (without `val_`) whose values improve downwards: Keras's metrics without `_direction = "up"`. */
const MINIMIZED = new Set([
  'loss',
  'mse',
  'mae',
  'mape',
  'msle',
  'mean_squared_error',
  'mean_absolute_error',
  'mean_absolute_percentage_error',
  'mean_squared_logarithmic_error',
  'root_mean_squared_error',
  'rmse',
  'log_cosh_error',
  'logcosh',
  'hinge',
  'squared_hinge',
  'categorical_hinge',
  'binary_crossentropy',
  'bce',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'binary_focal_crossentropy',
  'categorical_focal_crossentropy',
  'kl_divergence',
  'kld',
  'poisson',
  'huber',
  'false_positives',
  'false_negatives',
]);

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * The direction `'auto'` mode picks for a monitored quantity, or `null` when
 * it cannot tell. `val_` is stripped first; `loss` (and any `*_loss`, such as
 * a per-output loss) is minimized, the metrics Keras marks as improving
 * upwards (`acc`, `accuracy`, `auc`, `precision`, `f1_score`, ...) are
 * maximized, and the other known metrics (`mse`, `mae`, `hinge`, the
 * crossentropies, ...) are minimized. camelCase names are accepted.
 *
 * Keras 3 reads the direction from the compiled metric objects; a callback
 * here sees the model only through core's `ModelLike`, so it decides by the
 * metric's name instead.
 */
export function inferMonitorOp(monitor: string): MonitorOp | null {
  let name = snakeCase(monitor);
  if (name.startsWith('val_')) name = name.slice(4);
  if (MINIMIZED.has(name) || name.endsWith('_loss')) return 'less';
  if (MAXIMIZED.has(name) || name.endsWith('_accuracy')) return 'greater';
  return null;
}

/**
 * The base class of callbacks that monitor a quantity in the epoch logs and
 * judge improvements (Keras's `MonitorCallback`): {@link EarlyStopping} and
 * {@link ReduceLROnPlateau} extend it. Not meant to be used directly.
 *
 * `mode` picks the direction: `'min'` (lower is better), `'max'` (higher is
 * better) or `'auto'`, which infers it from the monitored name on the first
 * epoch end (see {@link inferMonitorOp}) and throws a `ValueError` when it
 * cannot. An unknown mode falls back to `'auto'` with a warning, as in Keras.
 * A value counts as an improvement over a reference when it beats it by more
 * than `minDelta` (`current - minDelta < reference` when minimizing,
 * `current - minDelta > reference` when maximizing, with `minDelta` already
 * negated for `'min'`, exactly as Keras stores it).
 *
 * @example
 * ```ts
 * class BestTracker extends MonitorCallback {
 *   constructor() {
 *     super('val_accuracy', 'auto', null, 0.001);
 *   }
 *   override onEpochEnd(epoch: number, logs?: Logs) {
 *     if (this.monitorOp === null) this.setMonitorOp();
 *     const current = logs?.[this.monitor];
 *     if (current !== undefined && this.isImprovement(current, this.best)) this.best = current;
 *   }
 * }
 * ```
 */
export class MonitorCallback extends Callback {
  /** The name of the monitored quantity in the logs (`'val_loss'`, `'accuracy'`, ...). */
  readonly monitor: string;
  /** The mode asked for (an unknown mode has already become `'auto'`). */
  readonly mode: MonitorMode;
  /** The best value seen so far, or `null` before the first. */
  best: number | null;
  /** The improvement threshold; negative once the direction resolves to `'less'`, as Keras stores it. */
  minDelta: number;
  /** The resolved comparison; `null` until the first epoch end (or {@link MonitorCallback.setMonitorOp}). */
  monitorOp: MonitorOp | null = null;

  /**
   * @param monitor The quantity to monitor (default `'val_loss'`).
   * @param mode `'auto'`, `'min'` or `'max'` (default `'auto'`).
   * @param baseline The initial best value, or `null` for the first value seen.
   * @param minDelta The smallest change that counts as an improvement (its absolute value is used).
   */
  constructor(monitor = 'val_loss', mode: MonitorMode | string = 'auto', baseline: number | null = null, minDelta = 0) {
    super();
    if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
      console.warn(`${new.target.name} mode '${mode}' is unknown, fallback to auto mode.`);
      mode = 'auto';
    }
    this.monitor = monitor;
    this.mode = mode as MonitorMode;
    this.best = baseline;
    this.minDelta = Math.abs(minDelta);
  }

  /**
   * Resolves {@link MonitorCallback.monitorOp} from the mode (and, in
   * `'auto'` mode, the monitored name) and negates `minDelta` when minimizing.
   *
   * @throws ValueError when `'auto'` mode cannot tell the direction.
   */
  setMonitorOp(): void {
    let op: MonitorOp | null;
    if (this.mode === 'min') op = 'less';
    else if (this.mode === 'max') op = 'greater';
    else op = inferMonitorOp(this.monitor);
    if (op === null) {
      throw new ValueError(
        `${this.constructor.name} callback received monitor=${this.monitor}, but Layerwise isn't able to ` +
          `automatically determine whether that metric should be maximized or minimized. Pass mode: 'max' ` +
          `in order to monitor based on the highest metric value, or pass mode: 'min' in order to use the lowest value.`,
      );
    }
    this.monitorOp = op;
    if (op === 'less') this.minDelta *= -1;
  }

  /** Whether `monitorValue` improves on `referenceValue` (always true against `null`). */
  isImprovement(monitorValue: number, referenceValue: number | null): boolean {
    if (referenceValue === null) return true;
    if (this.monitorOp === null) this.setMonitorOp();
    const shifted = monitorValue - this.minDelta;
    return this.monitorOp === 'less' ? shifted < referenceValue : shifted > referenceValue;
  }
}
