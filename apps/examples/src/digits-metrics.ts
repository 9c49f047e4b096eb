/**
 * Digits with the confusion-matrix metrics: the optical handwritten digits
 * (1797 8x8 images, pixel values 0..16, scaled to [0, 1]), a seeded 80/20
 * split, one-hot targets, a `64 → 32 (relu) → 10 (softmax)` MLP trained with
 * categorical crossentropy and compiled with accuracy, precision, recall,
 * macro F1 and ROC AUC, and the same metrics read from `fit`'s History (on
 * the test split as validation data) and from `evaluate`. The predictions
 * come back too, so that the metrics can be recomputed from them.
 */
import type { Logs, SerializedObject } from '@layerwise/core';
import { Dense, Input } from '@layerwise/layers';
import { Model, Sequential } from '@layerwise/models';
import { Adam } from '@layerwise/optimizers';
import { setSeed, type Tensor } from '@layerwise/tensors';
import { loadDigits, trainTestSplit } from './datasets.js';

/** The digits split, pixels scaled to [0, 1], with labels and one-hot targets. */
export interface DigitsData {
  xTrain: number[][];
  xTest: number[][];
  /** Class indices 0..9. */
  labelsTrain: number[];
  labelsTest: number[];
  /** One-hot `[n, 10]`. */
  yTrain: number[][];
  yTest: number[][];
}

/** `[n, classes]` one-hot rows of class indices. */
export function oneHot(labels: number[], classes = 10): number[][] {
  return labels.map((c) => Array.from({ length: classes }, (_, j) => (j === c ? 1 : 0)));
}

/** A seeded 80/20 split of the digits (1438 train, 359 test); pixels divided by 16. */
export function loadDigitsData(seed = 0): DigitsData {
  const digits = loadDigits();
  const split = trainTestSplit(digits.x, digits.y, 0.2, seed);
  const scale = (rows: number[][]) => rows.map((r) => r.map((v) => v / 16));
  return {
    xTrain: scale(split.xTrain),
    xTest: scale(split.xTest),
    labelsTrain: split.yTrain,
    labelsTest: split.yTest,
    yTrain: oneHot(split.yTrain),
    yTest: oneHot(split.yTest),
  };
}

/** `64 → hidden (relu) → 10 (softmax)`, its initial weights drawn from `seed`. */
export function buildDigitsMlp(seed: number, hidden = 32): Sequential {
  setSeed(seed);
  return new Sequential([
    new Dense({ units: hidden, activation: 'relu', inputShape: [64] }),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
}

/**
 * A Functional model with two heads on one hidden layer: `digit` (10-way
 * softmax) and `parity` (sigmoid: the probability that the digit is odd).
 */
export function buildDigitParityModel(seed: number) {
  setSeed(seed);
  const inputs = Input({ shape: [64], name: 'pixels' });
  const h = new Dense({ units: 32, activation: 'relu' }).apply(inputs);
  const digit = new Dense({ units: 10, activation: 'softmax', name: 'digit' }).apply(h);
  const parity = new Dense({ units: 1, activation: 'sigmoid', name: 'parity' }).apply(h);
  return new Model({ inputs, outputs: [digit, parity], name: 'digit_parity' });
}

/**
 * The metrics compiled into the digits MLP: accuracy (categorical, from the
 * loss), Precision and Recall at threshold 0.5 over every entry of the
 * one-hot matrix, F1Score with `average: 'macro'` and `threshold: null`
 * (each row's largest probability counts as the predicted class), and ROC
 * AUC over 200 thresholds. Given by identifier (a name, or a
 * `{ className, config }` for the F1 options), which `compile` resolves to
 * the `@layerwise/metrics` classes.
 */
export const DIGITS_METRICS: Array<string | SerializedObject> = [
  'accuracy',
  'precision',
  'recall',
  { className: 'F1Score', config: { average: 'macro' } },
  'auc',
];

/** What {@link runDigitsMetrics} measured. */
export interface DigitsMetricsResult {
  data: DigitsData;
  /** `History.history`: the training metrics and their `val_` counterparts on the test split, per epoch. */
  history: Record<string, number[]>;
  /** `evaluate(xTest, yTest, { returnDict: true })` after training. */
  evaluation: Logs;
  /** `predict(xTest)`: `[nTest * 10]` probabilities, row-major. */
  probabilities: Float32Array;
}

/**
 * Trains the digits MLP with {@link DIGITS_METRICS} (Adam 1e-2, batch 32,
 * the test split as `validationData`), then evaluates and predicts on the
 * test split. Frees the model and the optimizer.
 */
export async function runDigitsMetrics(options: { epochs?: number; seed?: number } = {}): Promise<DigitsMetricsResult> {
  const seed = options.seed ?? 0;
  const data = loadDigitsData(seed);
  const model = buildDigitsMlp(seed + 1);
  const optimizer = new Adam({ learningRate: 1e-2 });
  try {
    model.compile({ optimizer, loss: 'categorical_crossentropy', metrics: DIGITS_METRICS });
    setSeed(seed + 2); // the order fit shuffles in
    const history = await model.fit(data.xTrain, data.yTrain, {
      epochs: options.epochs ?? 5,
      batchSize: 32,
      validationData: [data.xTest, data.yTest],
      verbose: 0,
    });
    const evaluation = (await model.evaluate(data.xTest, data.yTest, { verbose: 0, returnDict: true })) as Logs;
    const out = (await model.predict(data.xTest)) as Tensor;
    const probabilities = (await out.data()) as Float32Array;
    out.dispose();
    return { data, history: history.history, evaluation, probabilities };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
