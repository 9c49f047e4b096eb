/**
 * Example 4: regression on real data. Predict an iris flower's petal width
 * from its sepal length, sepal width and petal length (Fisher's 150 irises,
 * in cm): a seeded 80/20 train/test split (a fifth of the training split
 * kept for validation during `fit`), inputs standardized with the training
 * split's statistics, a small MLP with a linear output, mean squared error
 * with mean absolute error as a metric, compared with the baseline that
 * predicts the training mean for every flower.
 */
import type { Logs } from '@layerwise/core';
import { Dense } from '@layerwise/layers';
import { Sequential } from '@layerwise/models';
import { Adam } from '@layerwise/optimizers';
import { setSeed, type Tensor } from '@layerwise/tensors';
import { fitStandardizer, loadIris, meanOf, trainTestSplit } from './datasets.js';

/** What {@link runIrisRegression} measured on the test split. */
export interface IrisRegressionResult {
  nTrain: number;
  nVal: number;
  nTest: number;
  /** The model's mean squared error and mean absolute error (cm², cm). */
  testMse: number;
  testMae: number;
  /** The same for the baseline that always predicts the training mean. */
  baselineMse: number;
  baselineMae: number;
  /** 1 − MSE / baseline MSE: the share of the test variance the model explains. */
  r2: number;
  /** The training loss and MAE, and their validation counterparts, per epoch. */
  history: Record<string, number[]>;
  /** A few test flowers: true and predicted petal width. */
  samples: Array<{ actual: number; predicted: number }>;
}

/** Trains `3 → 16 (relu) → 1` to predict petal width and evaluates it on the held-out flowers. */
export async function runIrisRegression(
  options: { epochs?: number; batchSize?: number; seed?: number } = {},
): Promise<IrisRegressionResult> {
  const seed = options.seed ?? 0;
  const iris = loadIris();
  const features = iris.x.map((r) => r.slice(0, 3)); // sepal length, sepal width, petal length
  const target = iris.x.map((r) => r[3]); // petal width
  const split = trainTestSplit(features, target, 0.2, seed);
  // A validation set carved out of the training split, to watch during fit; the test split stays unseen.
  const fitSplit = trainTestSplit(split.xTrain, split.yTrain, 0.2, seed + 1);
  const scaler = fitStandardizer(split.xTrain);
  const xTrain = scaler.transform(fitSplit.xTrain);
  const xVal = scaler.transform(fitSplit.xTest);
  const xTest = scaler.transform(split.xTest);
  const yTrain = fitSplit.yTrain.map((v) => [v]);
  const yVal = fitSplit.yTest.map((v) => [v]);
  const yTest = split.yTest.map((v) => [v]);

  const trainMean = meanOf(split.yTrain);
  const baselineMse = meanOf(split.yTest.map((v) => (v - trainMean) ** 2));
  const baselineMae = meanOf(split.yTest.map((v) => Math.abs(v - trainMean)));

  setSeed(seed + 2); // initial weights and the order fit shuffles in
  const model = new Sequential([
    new Dense({ units: 16, activation: 'relu', inputShape: [3] }),
    new Dense({ units: 1 }),
  ]);
  try {
    model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
    const history = await model.fit(xTrain, yTrain, {
      epochs: options.epochs ?? 100,
      batchSize: options.batchSize ?? 16,
      validationData: [xVal, yVal],
      verbose: 0,
    });
    const logs = (await model.evaluate(xTest, yTest, { verbose: 0, returnDict: true })) as Logs;
    const out = (await model.predict(xTest)) as Tensor;
    const predicted = Array.from(await out.data());
    out.dispose();
    return {
      nTrain: xTrain.length,
      nVal: xVal.length,
      nTest: xTest.length,
      testMse: logs.loss,
      testMae: logs.mae,
      baselineMse,
      baselineMae,
      r2: 1 - logs.loss / baselineMse,
      history: history.history,
      samples: split.yTest.slice(0, 5).map((actual, i) => ({ actual, predicted: predicted[i] })),
    };
  } finally {
    model.optimizer?.dispose();
    model.dispose();
  }
}
