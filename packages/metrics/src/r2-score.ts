/**
 * `R2Score`: the coefficient of determination, optionally adjusted.
 */
import { type Config, registerSerializable, toSnakeCase, ValueError } from '@layerwise/core';
import {
  any,
  assignAdd,
  broadcastTo,
  cast,
  div,
  expandDims,
  greater,
  isInf,
  mean,
  mul,
  notEqual,
  ShapeError,
  scalar,
  shapeString,
  square,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
  type Variable,
  where,
} from '@layerwise/tensors';
import { Metric, type MetricOptions } from './metric.js';
import { asFloat, squeezeOrExpandToSameRank } from './utils.js';

/**
 * How {@link R2Score} combines the scores of the outputs (the last axis):
 * their plain mean, their mean weighted by each output's variance, or none
 * (one score per output). scikit-learn's `multioutput`.
 *
 * @example
 * ```ts
 * const agg: R2ClassAggregation = 'variance_weighted_average';
 * ```
 */
export type R2ClassAggregation = 'uniform_average' | 'variance_weighted_average' | null;

/**
 * Options of {@link R2Score}.
 *
 * @example
 * ```ts
 * new R2Score({ classAggregation: null, numRegressors: 2 });
 * ```
 */
export interface R2ScoreOptions extends MetricOptions {
  /**
   * `'uniform_average'` (default), `'variance_weighted_average'` (camelCase
   * works too) or `null` for one score per output.
   */
  classAggregation?: R2ClassAggregation | 'uniformAverage' | 'varianceWeightedAverage';
  /** The number of independent regressors, for the adjusted R2; 0 (default) is the plain R2. */
  numRegressors?: number;
}

const AGGREGATIONS: readonly (string | null)[] = ['uniform_average', 'variance_weighted_average', null];

interface R2State {
  outputs: number;
  squaredSum: Variable;
  sum: Variable;
  residual: Variable;
  count: Variable;
}

/**
 * The coefficient of determination (Keras's `R2Score`, identifier
 * `'r2_score'`), per output `j` over every sample seen:
 *
 * ```text
 * R2_j = 1 - sum_i w_i (y_ij - p_ij)^2 / sum_i w_i (y_ij - mean_w(y_j))^2
 * ```
 *
 * then combined by `classAggregation`. 1 is a perfect fit, 0 is no better
 * than predicting the mean, and it can be negative. An output whose score
 * is infinite (constant targets, nonzero residual) scores 0, as in Keras.
 * With `numRegressors = p > 0`, the adjusted score
 * `1 - (1 - R2) (n - 1) / (n - p - 1)` is returned, `n` being the number of
 * samples with a nonzero weight; while `p >= n - 1` it falls back to the
 * plain score (Keras also warns; Layerwise does not, since that needs a
 * device read).
 *
 * Inputs are `[batch, outputs]` (a `[batch]` target next to `[batch, 1]`
 * predictions lines up); sample weights are a scalar, `[batch]`,
 * `[batch, 1]` or `[batch, outputs]`. The state is built on the first
 * update, for that number of outputs; before it, `result()` is 0.
 *
 * @example
 * ```ts
 * const m = new R2Score();
 * m.updateState([[1], [4], [3]], [[2], [4], [4]]);
 * m.result(); // 0.57142854
 * ```
 */
export class R2Score extends Metric {
  static override readonly className: string = 'R2Score';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'classAggregation', 'numRegressors'];

  readonly classAggregation: R2ClassAggregation;
  readonly numRegressors: number;
  private readonly numSamples: Variable;
  private state: R2State | undefined;

  constructor(options: R2ScoreOptions = {}) {
    super(options, 'r2_score');
    const given = options.classAggregation === undefined ? 'uniform_average' : options.classAggregation;
    const aggregation = typeof given === 'string' ? toSnakeCase(given) : given;
    if (!AGGREGATIONS.includes(aggregation)) {
      throw new ValueError(
        `R2Score: classAggregation is ${JSON.stringify(given)}. Expected one of 'uniform_average', ` +
          "'variance_weighted_average' or null (no aggregation).",
      );
    }
    const numRegressors = options.numRegressors ?? 0;
    if (!Number.isInteger(numRegressors) || numRegressors < 0) {
      throw new ValueError(
        `R2Score: numRegressors is ${numRegressors}. Expected an integer >= 0 (0 for the plain R2 score).`,
      );
    }
    this.classAggregation = aggregation as R2ClassAggregation;
    this.numRegressors = numRegressors;
    this.numSamples = this.addWeight('num_samples');
  }

  private build(outputs: number): R2State {
    if (this.state === undefined) {
      this.state = {
        outputs,
        squaredSum: this.addWeight('squared_sum', [outputs]),
        sum: this.addWeight('sum', [outputs]),
        residual: this.addWeight('residual', [outputs]),
        count: this.addWeight('count', [outputs]),
      };
    }
    return this.state;
  }

  /** Folds a batch of `[batch, outputs]` targets and predictions, weighted by `sampleWeight`, into the sums. */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => {
      const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
      if (t.rank !== 2 || p.rank !== 2 || t.shape[0] !== p.shape[0] || t.shape[1] !== p.shape[1]) {
        throw new ShapeError(
          `R2Score: yTrue has shape ${shapeString(t.shape)} and yPred has shape ${shapeString(p.shape)}. ` +
            'Expected 2D inputs of one shape [batch, outputs] (reshape a [batch] target to [batch, 1]).',
        );
      }
      const outputs = p.shape[1] as number;
      if (this.state !== undefined && this.state.outputs !== outputs) {
        throw new ShapeError(
          `R2Score: yPred has ${outputs} outputs (shape ${shapeString(p.shape)}), but the metric was built for ` +
            `${this.state.outputs} on its first update. Use one R2Score per output size.`,
        );
      }
      let w: Tensor = scalar(1);
      if (sampleWeight !== undefined && sampleWeight !== null) {
        const given = asFloat(sampleWeight);
        w = given.rank === 1 ? expandDims(given, 1) : given;
        const fits = w.rank <= 2 && w.shape.every((d, i) => d === 1 || d === t.shape[i + 2 - w.rank]);
        if (!fits) {
          throw new ShapeError(
            `R2Score: sampleWeight has shape ${shapeString(given.shape)}, which does not fit targets of shape ` +
              `${shapeString(t.shape)}. Expected a scalar, [batch], [batch, 1] or [batch, outputs].`,
          );
        }
      }
      w = broadcastTo(w, t.shape);
      const s = this.build(outputs);
      const weighted = mul(t, w);
      assignAdd(s.sum, sum(weighted, 0));
      assignAdd(s.squaredSum, sum(mul(t, weighted), 0));
      assignAdd(s.residual, sum(mul(square(sub(t, p)), w), 0));
      assignAdd(s.count, sum(w, 0));
      // A sample counts once if any of its outputs has a nonzero weight.
      assignAdd(this.numSamples, sum(cast(any(notEqual(w, 0), -1), 'float32')));
    });
  }

  /** The (adjusted) R2: a scalar, or one score per output when `classAggregation` is null. */
  result(): Tensor {
    const s = this.state;
    if (s === undefined) return scalar(0);
    return tidy(() => {
      const meanTrue = div(s.sum, s.count);
      const total = sub(s.squaredSum, mul(s.sum, meanTrue));
      let raw = sub(1, div(s.residual, total));
      raw = where(isInf(raw), 0, raw);
      let r2: Tensor;
      if (this.classAggregation === 'uniform_average') r2 = mean(raw);
      else if (this.classAggregation === 'variance_weighted_average') r2 = div(sum(mul(total, raw)), sum(total));
      else r2 = raw;
      if (this.numRegressors !== 0) {
        const n = this.numSamples;
        const p = this.numRegressors;
        const adjusted = sub(1, div(mul(sub(1, r2), sub(n, 1)), sub(sub(n, p), 1)));
        // Keras falls back to the plain score when p >= n - 1 (with a warning).
        r2 = where(greater(sub(n, 1), p), adjusted, r2);
      }
      return r2;
    });
  }

  override getConfig(): Config {
    return { ...super.getConfig(), classAggregation: this.classAggregation, numRegressors: this.numRegressors };
  }
}
registerSerializable(R2Score);
