/**
 * Trains a small MLP (64 -> 128 relu -> 64 relu -> 10 softmax) on the digits
 * dataset with the Keras workflow: `Sequential`, `compile`, `fit` with a
 * validation split, `evaluate` on a held-out test split.
 */
import { Dense } from '@layerwise/layers';
import { Sequential } from '@layerwise/models';
import { dispose, setSeed, type Tensor, tensor } from '@layerwise/tensors';
import { CLASSES, type Digits, loadDigits, PIXELS, trainTestSplit } from './digits.js';

/** Options of {@link trainDigits}. */
export interface TrainDigitsOptions {
  /** Epochs of training (default 30). */
  epochs?: number;
  /** Samples per gradient update (default 32). */
  batchSize?: number;
  /** Fraction of the images held out for the final test (default 0.2). */
  testFraction?: number;
  /** Fraction of the training images used for validation during `fit` (default 0.1). */
  validationSplit?: number;
  /** Seed of the split, the initial weights and the shuffling (default 42). */
  seed?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch (default 0). */
  verbose?: 0 | 1 | 2;
  /** The dataset, when already loaded (default: read `datasets/digits.csv.gz`). */
  data?: Digits;
}

/** What {@link trainDigits} measured. */
export interface DigitsResult {
  /** Loss and accuracy on the held-out test images. */
  testLoss: number;
  testAccuracy: number;
  /** Accuracy on the training images (without the validation part) in the last epoch, as `fit` logged it. */
  trainAccuracy: number;
  /** Validation accuracy in the last epoch. */
  valAccuracy: number;
  trainSamples: number;
  testSamples: number;
  epochs: number;
  /** Trainable parameters of the model. */
  params: number;
}

/** The demo's model: 64 inputs, two hidden ReLU layers, a softmax over the 10 digits. */
export function digitsModel(): Sequential {
  return new Sequential([
    new Dense({ units: 128, activation: 'relu', inputShape: [PIXELS] }),
    new Dense({ units: 64, activation: 'relu' }),
    new Dense({ units: CLASSES, activation: 'softmax' }),
  ]);
}

/** Loads digits, splits them (seeded), trains the MLP and evaluates it on the test split. Frees every tensor it makes. */
export async function trainDigits(options: TrainDigitsOptions = {}): Promise<DigitsResult> {
  const epochs = options.epochs ?? 30;
  const seed = options.seed ?? 42;
  const verbose = options.verbose ?? 0;
  setSeed(seed);
  const data = options.data ?? loadDigits();
  const { train, test } = trainTestSplit(data, options.testFraction ?? 0.2, seed);
  const tensors: Tensor[] = [];
  const model = digitsModel();
  try {
    const xTrain = tensor(train.x, [train.n, PIXELS]);
    const yTrain = tensor(train.y, [train.n], 'int32');
    const xTest = tensor(test.x, [test.n, PIXELS]);
    const yTest = tensor(test.y, [test.n], 'int32');
    tensors.push(xTrain, yTrain, xTest, yTest);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const history = await model.fit(xTrain, yTrain, {
      epochs,
      batchSize: options.batchSize ?? 32,
      validationSplit: options.validationSplit ?? 0.1,
      verbose,
    });
    const last = (name: string): number => history.history[name]?.at(-1) ?? Number.NaN;
    const { loss, accuracy } = (await model.evaluate(xTest, yTest, {
      batchSize: 256,
      verbose: 0,
      returnDict: true,
    })) as Record<string, number>;
    return {
      testLoss: loss,
      testAccuracy: accuracy,
      trainAccuracy: last('accuracy'),
      valAccuracy: last('val_accuracy'),
      trainSamples: train.n,
      testSamples: test.n,
      epochs,
      params: model.countParams(),
    };
  } finally {
    model.dispose();
    dispose(tensors);
  }
}
