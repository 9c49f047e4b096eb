/**
 * Example 3: binary classification of real data. Breast Cancer Wisconsin
 * (Diagnostic), 569 tumours described by 30 measurements, malignant (0) or
 * benign (1): a seeded 80/20 train/test split, features standardized with
 * the training split's mean and standard deviation, a small MLP built with
 * the Functional API, binary crossentropy, Adam, a validation split held out
 * of the training data during `fit`, and the accuracy on the test split.
 */
import type { Logs } from '@layerwise/core';
import { Dense, Dropout, Input } from '@layerwise/layers';
import { Model } from '@layerwise/models';
import { Adam } from '@layerwise/optimizers';
import { setSeed, type Tensor } from '@layerwise/tensors';
import { fitStandardizer, loadBreastCancer, trainTestSplit } from './datasets.js';

/** What {@link runBreastCancer} measured. */
export interface BreastCancerResult {
  nTrain: number;
  nTest: number;
  /** `History.history`: loss, accuracy, val_loss and val_accuracy per epoch. */
  history: Record<string, number[]>;
  /** Loss and accuracy on the held-out test split. */
  testLoss: number;
  testAccuracy: number;
  /** Confusion counts on the test split, positive = benign (1). */
  confusion: { truePositive: number; falseNegative: number; falsePositive: number; trueNegative: number };
  /** Accuracy of always predicting the training split's majority class, on the test split. */
  majorityBaseline: number;
}

/**
 * Trains `30 → 16 (relu) → dropout → 8 (relu) → 1 (sigmoid)` on 80% of the
 * data (of which `validationSplit` is held out for validation) and tests on
 * the other 20%.
 */
export async function runBreastCancer(
  options: { epochs?: number; batchSize?: number; validationSplit?: number; seed?: number } = {},
): Promise<BreastCancerResult> {
  const seed = options.seed ?? 0;
  const data = loadBreastCancer();
  const split = trainTestSplit(data.x, data.y, 0.2, seed);
  const scaler = fitStandardizer(split.xTrain); // statistics of the training split only
  const xTrain = scaler.transform(split.xTrain);
  const xTest = scaler.transform(split.xTest);
  const yTrain = split.yTrain.map((v) => [v]);
  const yTest = split.yTest.map((v) => [v]);

  setSeed(seed + 1); // initial weights, dropout masks and the order fit shuffles in
  const inputs = Input({ shape: [data.x[0].length], name: 'measurements' });
  let h = new Dense({ units: 16, activation: 'relu' }).apply(inputs);
  h = new Dropout({ rate: 0.2 }).apply(h);
  h = new Dense({ units: 8, activation: 'relu' }).apply(h);
  const outputs = new Dense({ units: 1, activation: 'sigmoid', name: 'benign' }).apply(h);
  const model = new Model({ inputs, outputs, name: 'breast_cancer_mlp' });
  try {
    model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const history = await model.fit(xTrain, yTrain, {
      epochs: options.epochs ?? 40,
      batchSize: options.batchSize ?? 32,
      validationSplit: options.validationSplit ?? 0.2,
      verbose: 0,
    });
    const logs = (await model.evaluate(xTest, yTest, { verbose: 0, returnDict: true })) as Logs;
    const out = (await model.predict(xTest)) as Tensor;
    const probabilities = await out.data();
    out.dispose();
    const confusion = { truePositive: 0, falseNegative: 0, falsePositive: 0, trueNegative: 0 };
    split.yTest.forEach((label, i) => {
      const predicted = probabilities[i] > 0.5 ? 1 : 0;
      if (label === 1) confusion[predicted === 1 ? 'truePositive' : 'falseNegative']++;
      else confusion[predicted === 1 ? 'falsePositive' : 'trueNegative']++;
    });
    const benignShare = split.yTrain.filter((v) => v === 1).length / split.yTrain.length;
    const majority = benignShare >= 0.5 ? 1 : 0;
    return {
      nTrain: xTrain.length,
      nTest: xTest.length,
      history: history.history,
      testLoss: logs.loss,
      testAccuracy: logs.accuracy,
      confusion,
      majorityBaseline: split.yTest.filter((v) => v === majority).length / split.yTest.length,
    };
  } finally {
    model.optimizer?.dispose();
    model.dispose();
  }
}
