/**
 * `AUC`: the area under the ROC or precision-recall curve, approximated by a
 * Riemann sum over thresholds.
 */
import { type Config, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import {
  add,
  div,
  divNoNan,
  equal,
  greater,
  log,
  logicalAnd,
  maximum,
  mean,
  minimum,
  mul,
  onesLike,
  scalar,
  shapeString,
  sigmoid,
  sliceRange,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tensor,
  tidy,
  type Variable,
  where,
} from '@layerwise/tensors';
import {
  checkPositiveInt,
  EPSILON,
  isEvenlyDistributed,
  parseThresholds,
  updateConfusionVariables,
} from './confusion-utils.js';
import { Metric, type MetricOptions } from './metric.js';
import { asFloat } from './utils.js';

/** The curve {@link AUC} integrates: ROC (default), precision-recall, or precision-recall-gain. */
export type AUCCurve = 'ROC' | 'PR' | 'PRGAIN';

/** How {@link AUC} sums its rectangles (see {@link AUCOptions.summationMethod}). */
export type AUCSummationMethod = 'interpolation' | 'minoring' | 'majoring';

/**
 * Options of {@link AUC}.
 *
 * @example
 * ```ts
 * new AUC({ curve: 'PR', numThresholds: 500 });
 * new AUC({ multiLabel: true, numLabels: 3, labelWeights: [1, 2, 1] });
 * ```
 */
export interface AUCOptions extends MetricOptions {
  /** How many thresholds discretize the curve (default 200, must be > 1); ignored when `thresholds` is given. */
  numThresholds?: number | null;
  /** `'ROC'` (default), `'PR'` (precision-recall) or `'PRGAIN'` (precision-recall-gain); any letter case. */
  curve?: AUCCurve | Lowercase<AUCCurve>;
  /**
   * The Riemann sum: `'interpolation'` (default; the mid-point rule for ROC,
   * Davis & Goadrich's interpolation of true and false positives for PR),
   * `'minoring'` (a lower bound) or `'majoring'` (an upper bound).
   */
  summationMethod?: AUCSummationMethod;
  /**
   * The thresholds in `[0, 1]` to use instead of `numThresholds` evenly
   * spaced ones; `-epsilon` and `1 + epsilon` are added at the ends so that
   * predictions of exactly 0 and 1 count.
   */
  thresholds?: readonly number[] | null;
  /**
   * Compute one AUC per label (the last axis of `[batch, labels]` data) and
   * average them (default false: flatten everything into one binary problem;
   * keep it false for multi-class data).
   */
  multiLabel?: boolean;
  /** The number of labels with `multiLabel` (default: taken from the first batch). */
  numLabels?: number | null;
  /**
   * Non-negative weights per label. With `multiLabel`, they weight the label
   * AUCs in the average; without it, they weight each label's entries in the
   * flattened counts.
   */
  labelWeights?: readonly number[] | null;
  /** The predictions are logits: a sigmoid is applied first (default false). */
  fromLogits?: boolean;
}

/** The four count variables. */
interface AUCState {
  tp: Variable;
  fp: Variable;
  tn: Variable;
  fn: Variable;
}

const CURVES: Record<string, AUCCurve> = { roc: 'ROC', pr: 'PR', prgain: 'PRGAIN' };
const METHODS: Record<string, AUCSummationMethod> = {
  interpolation: 'interpolation',
  minoring: 'minoring',
  majoring: 'majoring',
};

/**
 * Approximates the area under the ROC curve (default) or the
 * precision-recall curve (Keras's `AUC`, identifier `'auc'`). State
 * `true_positives`, `false_positives`, `true_negatives` and
 * `false_negatives` at each of `numThresholds` thresholds (`[T]`, or
 * `[T, labels]` with `multiLabel`); by default the thresholds are
 * `[-1e-7, 1/(T-1), ..., (T-2)/(T-1), 1 + 1e-7]` and are bucketed in one
 * pass. With recall `r = tp / (tp + fn)`, false positive rate
 * `f = fp / (fp + tn)` and precision `p = tp / (tp + fp)` at each threshold
 * `i`:
 *
 * - ROC: `sum_i (f_i - f_{i+1}) * h_i`, PR: `sum_i (r_i - r_{i+1}) * h_i`,
 *   where the height `h_i` of the curve's y (recall, resp. precision) is the
 *   mean (`'interpolation'`), the minimum (`'minoring'`) or the maximum
 *   (`'majoring'`) of its two ends;
 * - PR with `'interpolation'`: Keras's closed form after Davis & Goadrich
 *   (2006), which interpolates tp and `P = tp + fp` linearly between
 *   thresholds: `sum_i slope_i * (dtp_i + intercept_i * log(P_i / P_{i+1})) /
 *   (tp_{i+1} + fn_{i+1})` with `slope = dtp / dP` and
 *   `intercept = tp_{i+1} - slope * P_{i+1}` (divisions by zero give 0).
 *
 * With `multiLabel`, the per-label areas are averaged (weighted by
 * `labelWeights` if given). Labels are cast to bool; predictions should be
 * probabilities (or logits with `fromLogits`), and are clipped to `[0, 1]`
 * by the bucketing, as in Keras. The result is 0 before any update.
 *
 * @example
 * ```ts
 * const m = new AUC({ numThresholds: 3 });
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
 * // tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2]
 * // recall = [1, 0.5, 0], fp rate = [1, 0, 0]: auc = (1 + 0.5) / 2 * 1 = 0.75
 * m.result(); // 0.75
 * ```
 */
export class AUC extends Metric {
  static override readonly className: string = 'AUC';
  static override readonly configKeys: readonly string[] = [
    'name',
    'dtype',
    'numThresholds',
    'curve',
    'summationMethod',
    'multiLabel',
    'numLabels',
    'labelWeights',
    'fromLogits',
    'thresholds',
  ];

  /** The number of thresholds, end points included. */
  readonly numThresholds: number;
  readonly curve: AUCCurve;
  readonly summationMethod: AUCSummationMethod;
  readonly multiLabel: boolean;
  /** The `numLabels` option as given (null: taken from the first batch). */
  readonly numLabels: number | null;
  readonly labelWeights: number[] | null;
  readonly fromLogits: boolean;
  private readonly allThresholds: number[];
  private readonly initFromThresholds: boolean;
  private readonly evenly: boolean;
  private state: AUCState | undefined;
  private builtLabels: number | undefined;

  constructor(options: AUCOptions = {}) {
    super(options, 'auc');
    const curve = CURVES[String(options.curve ?? 'ROC').toLowerCase()];
    if (curve === undefined) {
      throw new ValueError(
        `AUC: Invalid AUC curve value: "${options.curve}". Expected values are ["PR", "ROC", "PRGAIN"].`,
      );
    }
    const method = METHODS[String(options.summationMethod ?? 'interpolation').toLowerCase()];
    if (method === undefined) {
      throw new ValueError(
        `AUC: Invalid AUC summation method value: "${options.summationMethod}". ` +
          'Expected values are ["interpolation", "majoring", "minoring"].',
      );
    }
    this.curve = curve;
    this.summationMethod = method;

    const given = options.thresholds;
    this.initFromThresholds = given !== null && given !== undefined;
    let inner: number[];
    if (given !== null && given !== undefined) {
      if (!Array.isArray(given)) {
        throw new ValueError(`AUC: thresholds is ${JSON.stringify(given)}; expected a list of numbers in [0, 1].`);
      }
      inner = given.length === 0 ? [] : parseThresholds('AUC', given, 0.5);
      inner = [...inner].sort((a, b) => a - b);
      this.numThresholds = inner.length + 2;
      this.evenly = isEvenlyDistributed([0, ...inner, 1]);
    } else {
      const n = options.numThresholds ?? 200;
      if (!Number.isInteger(n) || n <= 1) {
        throw new ValueError(`AUC: Argument \`numThresholds\` must be an integer > 1. Received: numThresholds=${n}`);
      }
      this.numThresholds = n;
      inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
      this.evenly = true;
    }
    this.allThresholds = [0 - EPSILON, ...inner, 1 + EPSILON];

    this.multiLabel = options.multiLabel ?? false;
    checkPositiveInt('AUC', 'numLabels', options.numLabels);
    this.numLabels = options.numLabels ?? null;
    if (!this.multiLabel && this.numLabels !== null) {
      throw new ValueError('AUC: `numLabels` is needed only when `multiLabel` is true.');
    }
    const lw = options.labelWeights;
    if (lw !== null && lw !== undefined) {
      const list = Array.isArray(lw) ? [...lw] : undefined;
      if (list === undefined || list.length === 0 || list.some((w) => typeof w !== 'number' || !(w >= 0))) {
        throw new ValueError(
          `AUC: labelWeights is ${JSON.stringify(lw)}; expected a non-empty list of non-negative numbers, one per label.`,
        );
      }
      if (this.numLabels !== null && list.length !== this.numLabels) {
        throw new ValueError(`AUC: labelWeights has ${list.length} entries but numLabels is ${this.numLabels}.`);
      }
      this.labelWeights = list;
    } else {
      this.labelWeights = null;
    }
    this.fromLogits = options.fromLogits ?? false;

    if (!this.multiLabel) this.build(undefined);
    else if (this.numLabels !== null) this.build(this.numLabels);
  }

  /** Every threshold, the `-1e-7` and `1 + 1e-7` end points included. */
  get thresholds(): number[] {
    return [...this.allThresholds];
  }

  /** The true positives per threshold (`[T]` or `[T, labels]`); undefined before the first multi-label batch. */
  get truePositives(): Variable | undefined {
    return this.state?.tp;
  }
  /** The false positives per threshold. */
  get falsePositives(): Variable | undefined {
    return this.state?.fp;
  }
  /** The true negatives per threshold. */
  get trueNegatives(): Variable | undefined {
    return this.state?.tn;
  }
  /** The false negatives per threshold. */
  get falseNegatives(): Variable | undefined {
    return this.state?.fn;
  }

  private build(numLabels: number | undefined): void {
    if (numLabels !== undefined && this.labelWeights !== null && this.labelWeights.length !== numLabels) {
      throw new ShapeError(
        `AUC: yPred has ${numLabels} labels but labelWeights has ${this.labelWeights.length} entries. ` +
          'Expected one weight per label.',
      );
    }
    const shape = numLabels === undefined ? [this.numThresholds] : [this.numThresholds, numLabels];
    this.builtLabels = numLabels;
    this.state = {
      tp: this.addWeight('true_positives', shape),
      fp: this.addWeight('false_positives', shape),
      tn: this.addWeight('true_negatives', shape),
      fn: this.addWeight('false_negatives', shape),
    };
  }

  /**
   * Adds this batch's confusion counts at every threshold. `yTrue` (cast to
   * bool) and `yPred` have the same shape (`[batch, labels]` with
   * `multiLabel`); `sampleWeight` is a scalar, one weight per sample, or any
   * shape that broadcasts to `yPred`.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => {
      let pred = asFloat(yPred);
      if (this.multiLabel && this.state === undefined) {
        if (pred.rank !== 2) {
          throw new ShapeError(
            `AUC: \`yPred\` must have rank 2 when multiLabel is true. Found rank ${pred.rank}. ` +
              `Full shape received for \`yPred\`: ${shapeString(pred.shape)}.`,
          );
        }
        this.build(pred.shape[1]);
      }
      if (this.multiLabel && pred.rank === 2 && pred.shape[1] !== this.builtLabels) {
        throw new ShapeError(
          `AUC: yPred has shape ${shapeString(pred.shape)} but the metric counts ${this.builtLabels} labels. ` +
            'Expected [batch, numLabels].',
        );
      }
      if (this.fromLogits) pred = sigmoid(pred);
      const s = this.state as AUCState;
      updateConfusionVariables('AUC', { tp: s.tp, fp: s.fp, tn: s.tn, fn: s.fn }, yTrue, pred, {
        thresholds: this.allThresholds,
        thresholdsDistributedEvenly: this.evenly,
        sampleWeight,
        multiLabel: this.multiLabel,
        labelWeights: this.multiLabel ? null : this.labelWeights,
      });
    });
  }

  /** The area (a scalar). */
  result(): Tensor {
    const s = this.state;
    if (s === undefined) return scalar(0);
    return tidy(() => {
      const n = this.numThresholds;
      const head = (x: Tensor) => sliceRange(x, [0], [n - 1]);
      const tail = (x: Tensor) => sliceRange(x, [1]);
      if (this.curve === 'PR' && this.summationMethod === 'interpolation') {
        return this.average(this.interpolatePrAuc(s, head, tail));
      }
      const recall = divNoNan(s.tp, add(s.tp, s.fn));
      let x: Tensor;
      let y: Tensor;
      if (this.curve === 'ROC') {
        x = divNoNan(s.fp, add(s.fp, s.tn));
        y = recall;
      } else if (this.curve === 'PR') {
        x = recall;
        y = divNoNan(s.tp, add(s.tp, s.fp));
      } else {
        // PRGAIN: recall gain 0 and precision gain 1 where tp is 0; negative recall gains become 0 (as Keras).
        const scaling = divNoNan(add(s.tp, s.fn), add(s.tn, s.fp));
        const noTp = equal(s.tp, 0);
        const recallGain = sub(1, mul(scaling, divNoNan(s.fn, s.tp)));
        const precisionGain = sub(1, mul(scaling, divNoNan(s.fp, s.tp)));
        x = maximum(where(noTp, 0, recallGain), 0);
        y = where(noTp, 1, precisionGain);
      }
      const y0 = head(y);
      const y1 = tail(y);
      const heights =
        this.summationMethod === 'interpolation'
          ? div(add(y0, y1), 2)
          : this.summationMethod === 'minoring'
            ? minimum(y0, y1)
            : maximum(y0, y1);
      return this.average(mul(sub(head(x), tail(x)), heights));
    });
  }

  /** Sums the per-interval areas; with multiLabel, averages the per-label sums (weighted by labelWeights). */
  private average(terms: Tensor): Tensor {
    if (!this.multiLabel) return sum(terms);
    const byLabel = sum(terms, 0);
    if (this.labelWeights === null) return mean(byLabel);
    const w = tensor(this.labelWeights, [this.labelWeights.length], 'float32');
    return divNoNan(sum(mul(byLabel, w)), sum(w));
  }

  /** Keras's `interpolate_pr_auc`: the per-interval terms of the interpolated PR area. */
  private interpolatePrAuc(s: AUCState, head: (x: Tensor) => Tensor, tail: (x: Tensor) => Tensor): Tensor {
    const dtp = sub(head(s.tp), tail(s.tp));
    const p = add(s.tp, s.fp);
    const p0 = head(p);
    const p1 = tail(p);
    const dp = sub(p0, p1);
    const precSlope = divNoNan(dtp, maximum(dp, 0));
    const intercept = sub(tail(s.tp), mul(precSlope, p1));
    const safePRatio = where(logicalAnd(greater(p0, 0), greater(p1, 0)), divNoNan(p0, maximum(p1, 0)), onesLike(p1));
    return divNoNan(mul(precSlope, add(dtp, mul(intercept, log(safePRatio)))), maximum(add(tail(s.tp), tail(s.fn)), 0));
  }

  /**
   * `{ name, dtype, numThresholds, curve, summationMethod, multiLabel,
   * numLabels, labelWeights, fromLogits }`, plus `thresholds` (without the
   * end points) when they were given.
   */
  override getConfig(): Config {
    const config: Config = {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      multiLabel: this.multiLabel,
      numLabels: this.numLabels,
      labelWeights: this.labelWeights === null ? null : [...this.labelWeights],
      fromLogits: this.fromLogits,
    };
    if (this.initFromThresholds) config.thresholds = this.allThresholds.slice(1, -1);
    return config;
  }
}
registerSerializable(AUC);
