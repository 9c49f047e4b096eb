/**
 * `FBetaScore`: the weighted harmonic mean of precision and recall.
 */
import { type Config, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import {
  abs,
  add,
  cast,
  div,
  expandDims,
  greater,
  greaterEqual,
  logicalAnd,
  max,
  mean,
  mul,
  scalar,
  shapeString,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
  type Variable,
} from '@layerwise/tensors';
import { broadcastWeight, EPSILON } from './confusion-utils.js';
import { Metric, type MetricOptions } from './metric.js';
import { asFloat } from './utils.js';

/** How {@link FBetaScore} averages the per-class scores: `null` keeps one score per class. */
export type FScoreAverage = 'micro' | 'macro' | 'weighted' | null;

/**
 * Options of {@link FBetaScore}.
 *
 * @example
 * ```ts
 * new FBetaScore({ beta: 2, threshold: 0.5, average: 'macro' });
 * ```
 */
export interface FBetaScoreOptions extends MetricOptions {
  /**
   * `null` (default): one score per class; `'micro'`: one score from the
   * total tp, fp and fn; `'macro'`: the unweighted mean of the class scores;
   * `'weighted'`: their mean weighted by support (the weighted number of true
   * instances of each class).
   */
  average?: FScoreAverage;
  /** The weight of recall against precision, > 0 (default 1). */
  beta?: number;
  /**
   * A prediction strictly above it counts as 1, in `(0, 1]`; `null`
   * (default): the largest prediction of each row counts as 1 (all of them
   * on a tie; a row of zeros gives none).
   */
  threshold?: number | null;
}

/** The state variables, created from the first batch. */
interface FScoreState {
  tp: Variable;
  fp: Variable;
  fn: Variable;
  support: Variable;
}

const AVERAGES = new Set<unknown>([null, 'micro', 'macro', 'weighted']);

/**
 * The F-beta score of `[batch, classes]` predictions against multi-class or
 * multi-label targets (Keras's `FBetaScore`, identifier `'fbeta_score'`):
 *
 * ```
 * precision = tp / (tp + fp + 1e-7),  recall = tp / (tp + fn + 1e-7)
 * fbeta = (1 + beta^2) * precision * recall / (beta^2 * precision + recall + 1e-7)
 * ```
 *
 * State `true_positives`, `false_positives`, `false_negatives` and
 * `intermediate_weights` (the support), per class (or scalars for
 * `'micro'`), created from the first batch's number of classes. A sample
 * weight (a scalar, `[batch]`, or `[batch, classes]`) weighs the entries.
 * The result has one score per class for `average: null`, else it is a
 * scalar (0 before any update).
 *
 * @example
 * ```ts
 * const m = new FBetaScore({ beta: 2, threshold: 0.5 });
 * m.updateState([[1, 1, 1], [1, 0, 0], [1, 1, 0]], [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0]]);
 * m.result(); // [0.3846154, 0.90909094, 0.8333334]
 * ```
 */
export class FBetaScore extends Metric {
  static override readonly className: string = 'FBetaScore';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'average', 'beta', 'threshold'];

  readonly average: FScoreAverage;
  readonly beta: number;
  readonly threshold: number | null;
  private state: FScoreState | undefined;
  private numClasses: number | undefined;

  constructor(options: FBetaScoreOptions = {}, defaultName = 'fbeta_score') {
    super(options, defaultName);
    const who = (this.constructor as { className?: string }).className ?? 'FBetaScore';
    const average = options.average === undefined ? null : options.average;
    if (!AVERAGES.has(average)) {
      throw new ValueError(
        `${who}: Invalid \`average\` argument value. Expected one of: {null, 'micro', 'macro', 'weighted'}. ` +
          `Received: average=${average}`,
      );
    }
    const beta = options.beta === undefined ? 1 : options.beta;
    if (typeof beta !== 'number' || Number.isNaN(beta)) {
      throw new ValueError(
        `${who}: Invalid \`beta\` argument value. It should be a number (a float). ` +
          `Received: beta=${JSON.stringify(beta)} of type '${beta === null ? 'null' : typeof beta}'`,
      );
    }
    if (beta <= 0) {
      throw new ValueError(`${who}: Invalid \`beta\` argument value. It should be > 0. Received: beta=${beta}`);
    }
    const threshold = options.threshold === undefined ? null : options.threshold;
    if (threshold !== null) {
      if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
        throw new ValueError(
          `${who}: Invalid \`threshold\` argument value. It should be a number (a float). ` +
            `Received: threshold=${JSON.stringify(threshold)} of type '${typeof threshold}'`,
        );
      }
      if (threshold > 1 || threshold <= 0) {
        throw new ValueError(
          `${who}: Invalid \`threshold\` argument value. It should verify 0 < threshold <= 1. ` +
            `Received: threshold=${threshold}`,
        );
      }
    }
    this.average = average;
    this.beta = beta;
    this.threshold = threshold;
  }

  private get who(): string {
    return (this.constructor as { className?: string }).className ?? 'FBetaScore';
  }

  private build(numClasses: number): void {
    const shape = this.average === 'micro' ? [] : [numClasses];
    this.numClasses = numClasses;
    this.state = {
      tp: this.addWeight('true_positives', shape),
      fp: this.addWeight('false_positives', shape),
      fn: this.addWeight('false_negatives', shape),
      support: this.addWeight('intermediate_weights', shape),
    };
  }

  /**
   * Adds this batch's per-class true positives, false positives, false
   * negatives and support. `yTrue` (0/1) and `yPred` are `[batch, classes]`;
   * `sampleWeight` is a scalar, `[batch]`, or broadcasts to `[batch, classes]`.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => {
      const t = asFloat(yTrue);
      let p = asFloat(yPred);
      if (p.rank !== 2 || t.rank !== 2) {
        throw new ValueError(
          `${this.who}: expects 2D inputs with shape [batchSize, outputDim]. Received input shapes: ` +
            `yPred.shape=${shapeString(p.shape)} and yTrue.shape=${shapeString(t.shape)}.`,
        );
      }
      if (t.shape[0] !== p.shape[0] || t.shape[1] !== p.shape[1]) {
        throw new ShapeError(
          `${this.who}: yTrue has shape ${shapeString(t.shape)} but yPred has shape ${shapeString(p.shape)}. ` +
            'Expected the same shape [batch, classes].',
        );
      }
      if (this.state === undefined) this.build(p.shape[1] as number);
      else if (p.shape[1] !== this.numClasses) {
        throw new ShapeError(
          `${this.who}: yPred has shape ${shapeString(p.shape)} but earlier batches had ${this.numClasses} classes. ` +
            'Expected the same number of classes in every batch (resetState() keeps it; make a new metric for other data).',
        );
      }
      p =
        this.threshold === null
          ? logicalAnd(greaterEqual(p, max(p, -1, true)), greater(abs(p), 1e-9))
          : greater(p, this.threshold);
      p = cast(p, 'float32');
      let w: Tensor | undefined;
      if (sampleWeight !== null && sampleWeight !== undefined) {
        const given = asFloat(sampleWeight);
        w = given;
        while (w.rank < 2) w = expandDims(w, -1);
        w = broadcastWeight(this.who, 'sampleWeight', w, t.shape, given.shape);
      }
      const axis = this.average === 'micro' ? undefined : 0;
      const weighted = (x: Tensor) => sum(w === undefined ? x : mul(x, w), axis);
      const s = this.state as FScoreState;
      const notP = sub(1, p);
      s.tp.assign(add(s.tp, weighted(mul(p, t))));
      s.fp.assign(add(s.fp, weighted(mul(p, sub(1, t)))));
      s.fn.assign(add(s.fn, weighted(mul(notP, t))));
      s.support.assign(add(s.support, weighted(t)));
    });
  }

  /** The score: one per class for `average: null`, else a scalar. */
  result(): Tensor {
    const s = this.state;
    if (s === undefined) return scalar(0);
    return tidy(() => {
      const b2 = this.beta ** 2;
      const precision = div(s.tp, add(add(s.tp, s.fp), EPSILON));
      const recall = div(s.tp, add(add(s.tp, s.fn), EPSILON));
      const f = mul(div(mul(precision, recall), add(add(mul(b2, precision), recall), EPSILON)), 1 + b2);
      if (this.average === 'weighted') {
        const weights = div(s.support, add(sum(s.support), EPSILON));
        return sum(mul(f, weights));
      }
      if (this.average !== null) return mean(f);
      return f;
    });
  }

  /** `{ name, dtype, average, beta, threshold }`. */
  override getConfig(): Config {
    return { ...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold };
  }
}
registerSerializable(FBetaScore);
