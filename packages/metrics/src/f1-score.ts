/**
 * `F1Score`: the harmonic mean of precision and recall.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { FBetaScore, type FBetaScoreOptions } from './f-beta-score.js';

/**
 * Options of {@link F1Score}: those of {@link FBetaScore} without `beta`.
 *
 * @example
 * ```ts
 * new F1Score({ average: 'macro', threshold: 0.5 });
 * ```
 */
export type F1ScoreOptions = Omit<FBetaScoreOptions, 'beta'>;

/**
 * The F1 score, `2 * precision * recall / (precision + recall)` with Keras's
 * epsilons (Keras's `F1Score`, identifier `'f1_score'`): {@link FBetaScore}
 * with `beta` 1. One score per class for `average: null` (default), else a
 * scalar (`'micro'`, `'macro'` or `'weighted'`).
 *
 * @example
 * ```ts
 * const m = new F1Score({ threshold: 0.5 });
 * m.updateState([[1, 1, 1], [1, 0, 0], [1, 1, 0]], [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0]]);
 * m.result(); // [0.5, 0.8, 0.6666667]
 * ```
 */
export class F1Score extends FBetaScore {
  static override readonly className: string = 'F1Score';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'average', 'threshold'];

  constructor(options: F1ScoreOptions = {}) {
    super({ ...options, beta: 1 }, 'f1_score');
  }

  /** `{ name, dtype, average, threshold }` (no `beta`). */
  override getConfig(): Config {
    const { beta: _beta, ...config } = super.getConfig();
    return config;
  }
}
registerSerializable(F1Score);
