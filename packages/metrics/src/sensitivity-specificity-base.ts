/**
 * `SensitivitySpecificityBase`: the shared base of `SensitivityAtSpecificity`,
 * `SpecificityAtSensitivity`, `PrecisionAtRecall` and `RecallAtPrecision`.
 */
import { type Config, ValueError } from '@layerwise/core';
import { greaterEqual, max, type Tensor, type TensorInput, tidy, type Variable, where } from '@layerwise/tensors';
import { checkClassId, updateConfusionVariables } from './confusion-utils.js';
import { Metric, type MetricOptions } from './metric.js';

/**
 * Options every "X at Y" metric takes.
 *
 * @example
 * ```ts
 * new SensitivityAtSpecificity({ specificity: 0.9, numThresholds: 500, classId: 1 });
 * ```
 */
export interface SensitivitySpecificityOptions extends MetricOptions {
  /** How many evenly spaced thresholds in `[0, 1]` to evaluate (default 200; 1 means just 0.5). */
  numThresholds?: number;
  /** Only this class (an index into the last axis of the predictions) is scored (default: unset). */
  classId?: number | null;
}

/**
 * The base of the metrics that report one rate at the best threshold that
 * keeps another rate at or above a target (Keras's
 * `SensitivitySpecificityBase`): state `true_positives`, `false_positives`,
 * `true_negatives` and `false_negatives`, each with one entry per threshold
 * (`numThresholds` evenly spaced in `[0, 1]`, computed with the bucket
 * method). Subclasses define `result()` with {@link findMaxUnderConstraint}.
 *
 * @example
 * ```ts
 * class MyMetric extends SensitivitySpecificityBase {
 *   result() { return this.findMaxUnderConstraint(recalls, precisions); }
 * }
 * ```
 */
export abstract class SensitivitySpecificityBase extends Metric {
  /** The target value of the constrained rate. */
  readonly value: number;
  readonly numThresholds: number;
  readonly classId: number | null;
  /** The thresholds: `[0, 1/(n-1), ..., 1]`, or `[0.5]` for `numThresholds` 1. */
  readonly thresholds: number[];
  readonly truePositives: Variable;
  readonly falsePositives: Variable;
  readonly trueNegatives: Variable;
  readonly falseNegatives: Variable;
  private readonly evenly: boolean;

  constructor(value: number, valueName: string, options: SensitivitySpecificityOptions, defaultName: string) {
    super(options, defaultName);
    const who = this.who;
    if (value === undefined || value === null) {
      throw new ValueError(
        `${who}: Argument \`${valueName}\` is required: the target ${valueName} in [0, 1], ` +
          `e.g. new ${who}({ ${valueName}: 0.8 }).`,
      );
    }
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1) {
      throw new ValueError(
        `${who}: Argument \`${valueName}\` must be in the range [0, 1]. Received: ${valueName}=${value}`,
      );
    }
    const numThresholds = options.numThresholds ?? 200;
    if (!Number.isInteger(numThresholds) || numThresholds <= 0) {
      throw new ValueError(
        `${who}: Argument \`numThresholds\` must be an integer > 0. Received: numThresholds=${numThresholds}`,
      );
    }
    checkClassId(who, options.classId);
    this.value = value;
    this.numThresholds = numThresholds;
    this.classId = options.classId ?? null;
    if (numThresholds === 1) {
      this.thresholds = [0.5];
      this.evenly = false;
    } else {
      const inner = Array.from({ length: numThresholds - 2 }, (_, i) => (i + 1) / (numThresholds - 1));
      this.thresholds = [0, ...inner, 1];
      this.evenly = true;
    }
    const n = this.thresholds.length;
    this.truePositives = this.addWeight('true_positives', [n]);
    this.falsePositives = this.addWeight('false_positives', [n]);
    this.trueNegatives = this.addWeight('true_negatives', [n]);
    this.falseNegatives = this.addWeight('false_negatives', [n]);
  }

  /** The class name, for error messages. */
  protected get who(): string {
    return (this.constructor as { className?: string }).className ?? 'SensitivitySpecificityBase';
  }

  /**
   * Adds this batch's confusion counts at every threshold. `yTrue` (cast to
   * bool) and `yPred` (in `[0, 1]`) have the same shape; `sampleWeight` is a
   * scalar, one weight per sample, or any shape that broadcasts to `yPred`.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    updateConfusionVariables(
      this.who,
      { tp: this.truePositives, fp: this.falsePositives, tn: this.trueNegatives, fn: this.falseNegatives },
      yTrue,
      yPred,
      { thresholds: this.thresholds, thresholdsDistributedEvenly: this.evenly, classId: this.classId, sampleWeight },
    );
  }

  /**
   * Keras's `_find_max_under_constraint`: the largest `dependent` value among
   * the thresholds where `constrained >= value`, or 0 where none qualifies.
   */
  protected findMaxUnderConstraint(constrained: Tensor, dependent: Tensor): Tensor {
    return tidy(() => max(where(greaterEqual(constrained, this.value), dependent, 0)));
  }

  /** `{ name, dtype, classId, numThresholds }`; subclasses add their target. */
  override getConfig(): Config {
    return { ...super.getConfig(), classId: this.classId, numThresholds: this.numThresholds };
  }
}
