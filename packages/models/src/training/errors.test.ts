/**
 * Bad input to the training engine: each mistake raises a typed error that
 * names the argument or layer, the expected and the actual value, and no
 * failed call leaves tensors behind.
 */
import { NotReadyError, ShapeError, UnknownIdentifierError, ValueError } from '@layerwise/core';
import { Concatenate, Dense, Input, resetLayerNames } from '@layerwise/layers';
import { SparseCategoricalCrossentropy } from '@layerwise/losses';
import { memory, setSeed, tensor } from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(17);
});

const X = [
  [1, 2],
  [0, 1],
  [2, 0],
  [-1, 1],
];
const Y = [[3], [-1], [1], [0]];

function linearModel(compile = true): Sequential {
  const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })], name: 'regressor' });
  if (compile) model.compile({ optimizer: 'sgd', loss: 'mse' });
  return model;
}

/** Runs `fn`, expects it to reject with `cls` and a message matching every pattern, and no tensor to be left behind. */
async function expectError(
  fn: () => Promise<unknown>,
  cls: new (...args: never[]) => Error,
  ...patterns: RegExp[]
): Promise<Error> {
  const before = memory().numTensors;
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected an error').toBeInstanceOf(cls);
  for (const p of patterns) expect((error as Error).message).toMatch(p);
  expect(memory().numTensors, 'tensors left behind by the failed call').toBe(before);
  return error as Error;
}

describe('not ready', () => {
  it('fit, evaluate, trainOnBatch and testOnBatch before compile raise NotReadyError', async () => {
    const model = linearModel(false);
    await expectError(
      () => model.fit(X, Y, { verbose: 0 }),
      NotReadyError,
      /'regressor'/,
      /compile\(\) before fit\(\)/,
    );
    await expectError(() => model.evaluate(X, Y, { verbose: 0 }), NotReadyError, /compile\(\) before evaluate\(\)/);
    await expectError(() => model.trainOnBatch(X, Y), NotReadyError, /compile\(\) before trainOnBatch\(\)/);
    await expectError(() => model.testOnBatch(X, Y), NotReadyError, /compile\(\) before testOnBatch\(\)/);
  });

  it('predict needs no compile', async () => {
    const p = await linearModel(false).predict(X);
    expect(p.shape).toEqual([4, 1]);
    p.dispose();
  });

  it('fit with a model compiled without a loss says to pass one', async () => {
    const model = linearModel(false);
    model.compile({ optimizer: 'sgd' });
    await expectError(() => model.fit(X, Y, { verbose: 0 }), ValueError, /compiled without a loss/, /loss: 'mse'/);
  });

  it('fit without targets when the loss needs them', async () => {
    const model = linearModel();
    await expectError(() => model.fit(X, null, { verbose: 0 }), ValueError, /needs targets \(y\)/);
  });
});

describe('data that does not fit', () => {
  it('x and y with different sample counts raise ShapeError giving both counts', async () => {
    const model = linearModel();
    await expectError(
      () => model.fit(X, Y.slice(0, 3), { verbose: 0 }),
      ShapeError,
      /different numbers of samples/,
      /x 4, y 3/,
    );
    const [tx, ty] = [tensor(X), tensor(Y.slice(0, 3))];
    await expectError(() => model.fit(tx, ty, { verbose: 0 }), ShapeError, /x 4, y 3/);
    await expectError(() => model.evaluate(X, Y.slice(0, 2), { verbose: 0 }), ShapeError, /x 4, y 2/);
  });

  it('a sampleWeight of the wrong length or shape raises ShapeError', async () => {
    const model = linearModel();
    await expectError(
      () => model.fit(X, Y, { verbose: 0, sampleWeight: [1, 2, 3] }),
      ShapeError,
      /x 4, y 4, sampleWeight 3/,
    );
    await expectError(
      () =>
        model.fit(X, Y, {
          verbose: 0,
          sampleWeight: [
            [1, 2],
            [1, 2],
            [1, 2],
            [1, 2],
          ],
        }),
      ShapeError,
      /one weight per sample.*\[4,2\]/,
    );
  });

  it('a wrong input shape raises ShapeError naming the input with expected and actual shapes', async () => {
    const model = linearModel();
    const error = await expectError(
      () => model.fit([[1, 2, 3]], [[1]], { verbose: 0 }),
      ShapeError,
      /Model 'regressor'/,
      /input '[a-z_0-9]+'/,
      /expected shape \[null,2\], got \[1,3\]/,
    );
    expect(error.message).toMatch(/Reshape the data/);
    await expectError(
      () => model.evaluate([1, 2], [1, 2], { verbose: 0 }),
      ShapeError,
      /expected shape \[null,2\], got \[2\]/,
    );
    await expectError(() => model.predict([[[1, 2]]]), ShapeError, /expected shape \[null,2\], got \[1,1,2\]/);
  });

  it('on a Functional model, the message names the Input that got the wrong shape', async () => {
    const a = Input({ shape: [2], name: 'ages' });
    const b = Input({ shape: [1], name: 'heights' });
    const model = new Model({
      inputs: [a, b],
      outputs: new Dense({ units: 1 }).apply(new Concatenate().apply([a, b])),
    });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expectError(
      () =>
        model.fit(
          [
            X,
            [
              [1, 2],
              [3, 4],
              [5, 6],
              [7, 8],
            ],
          ],
          Y,
          { verbose: 0 },
        ),
      ShapeError,
      /input 'heights' expected shape \[null,1\], got \[4,2\]/,
    );
    const tx = tensor(X);
    await expectError(
      () => model.fit(tx, Y, { verbose: 0 }),
      ValueError,
      /has 2 inputs \(ages, heights\), but 1 arrays were given/,
    );
  });

  it('targets of the wrong shape raise ShapeError from the loss', async () => {
    const model = linearModel();
    const y3 = [
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ];
    await expect(model.fit(X, y3, { verbose: 0 })).rejects.toThrow(ShapeError);
    await expect(model.fit(X, y3, { verbose: 0 })).rejects.toThrow(
      /yTrue has shape \[4,3\] but yPred has shape \[4,1\]/,
    );
    await expect(model.evaluate(X, y3, { verbose: 0 })).rejects.toThrow(/yTrue has shape \[4,3\]/);
  });

  // valueAndGrads frees what the tape saved when the loss throws (tfjs alone would keep it).
  it('an error inside the gradient tape (the loss) leaves no tensors behind', async () => {
    const model = linearModel();
    await expectError(
      () =>
        model.fit(
          X,
          [
            [1, 2, 3],
            [1, 2, 3],
            [1, 2, 3],
            [1, 2, 3],
          ],
          { verbose: 0 },
        ),
      ShapeError,
      /yTrue has shape/,
    );
  });

  it('errors the engine can see before the forward pass leave no tensors behind', async () => {
    const model = linearModel();
    await model.fit(X, Y, { verbose: 0 });
    await expectError(() => model.fit(X, null, { verbose: 0 }), ValueError, /needs targets/);
    await expectError(() => model.evaluate(X, null, { verbose: 0 }), ValueError, /needs targets/);
    await expectError(() => model.fit(X, Y.slice(1), { verbose: 0, validationSplit: 0.5 }), ShapeError, /x 4, y 3/);
  });

  it('a typed array that does not split into samples raises ShapeError', async () => {
    const model = linearModel();
    await expectError(
      () => model.fit(new Float32Array(5), Y, { verbose: 0 }),
      ShapeError,
      /typed array of 5 values cannot be split into samples of shape \[2\]/,
    );
  });

  it('ragged nested arrays raise ValueError', async () => {
    const model = linearModel();
    await expectError(() => model.fit([[1, 2], [3]], [[1], [2]], { verbose: 0 }), ValueError, /same length/);
  });

  it('a scalar as data raises ShapeError', async () => {
    const model = linearModel();
    const [x, y] = [tensor(3), tensor(1)];
    await expectError(() => model.fit(x, y, { verbose: 0 }), ShapeError, /scalar.*sample\) dimension/);
  });
});

describe('class ids out of range for sparse categorical crossentropy', () => {
  const classifier = (ignoreClass?: number) => {
    const model = new Sequential({ layers: [new Dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: new SparseCategoricalCrossentropy({ ignoreClass }) });
    return model;
  };
  it('fit and evaluate raise a ValueError naming the range found and the range needed, before training', async () => {
    const model = classifier();
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    await expectError(
      () => model.fit(X, [0, 1, 3, 2], { verbose: 0 }),
      ValueError,
      /class ids from 0 to 3, but sparse categorical crossentropy needs integer ids in \[0, 3\)/,
    );
    await expectError(() => model.evaluate(X, [0, -1, 1, 2], { verbose: 0 }), ValueError, /from -1 to 2/);
    await expectError(() => model.fit(X, [0, 1.5, 1, 2], { verbose: 0 }), ValueError, /some not integers/);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before); // nothing trained
    model.dispose();
  });
  it('ids equal to ignoreClass are left out of the check, and valid ids pass', async () => {
    const model = classifier(-1);
    await model.fit(X, [0, -1, 2, 1], { verbose: 0 });
    const ok = classifier();
    await ok.fit(X, [0, 1, 2, 2], { verbose: 0 });
    model.dispose();
    ok.dispose();
  });
});

describe('bad options', () => {
  it.each([[-0.1], [1], [1.5], [Number.NaN]])('validationSplit %d is out of range', async (split) => {
    const model = linearModel();
    await expectError(
      () => model.fit(X, Y, { verbose: 0, validationSplit: split }),
      ValueError,
      new RegExp(`validationSplit must be in \\(0, 1\\), got ${split}`),
    );
  });

  it('a validationSplit that leaves no training or no validation sample', async () => {
    const model = linearModel();
    await expectError(
      () => model.fit(X.slice(0, 2), Y.slice(0, 2), { verbose: 0, validationSplit: 0.6 }),
      ValueError,
      /validationSplit 0.6 of 2 samples leaves 0 for training and 2 for validation; both need at least one/,
    );
  });

  it('validationSplit with validationData is ambiguous', async () => {
    const model = linearModel();
    await expectError(
      () => model.fit(X, Y, { verbose: 0, validationSplit: 0.5, validationData: [X, Y] }),
      ValueError,
      /validationSplit or validationData, not both/,
    );
  });

  it('malformed validationData', async () => {
    const model = linearModel();
    await expectError(
      () => model.fit(X, Y, { verbose: 0, validationData: [X] as never }),
      ValueError,
      /validationData must be \[x, y\], \[x, y, sampleWeight\] or a dataset/,
    );
    await expectError(
      () => model.fit(X, Y, { verbose: 0, validationData: [X, Y.slice(0, 1)] }),
      ShapeError,
      /x 4, y 1/,
    );
  });

  it.each([
    ['batchSize', 0],
    ['batchSize', -2],
    ['batchSize', 1.5],
    ['epochs', 0],
    ['stepsPerEpoch', 0],
  ])('fit %s %d raises ValueError', async (name, value) => {
    const model = linearModel();
    await expectError(
      () => model.fit(X, Y, { verbose: 0, [name]: value }),
      ValueError,
      new RegExp(`fit: ${name} must be a positive integer, got ${value}`),
    );
  });

  it('evaluate and predict check batchSize and steps too', async () => {
    const model = linearModel();
    await expectError(() => model.evaluate(X, Y, { verbose: 0, batchSize: 0 }), ValueError, /evaluate: batchSize/);
    await expectError(() => model.evaluate(X, Y, { verbose: 0, steps: -1 }), ValueError, /evaluate: steps/);
    await expectError(() => model.predict(X, { batchSize: 0 }), ValueError, /predict: batchSize/);
  });

  it('classWeight with bad keys, or on a model with two outputs', async () => {
    const model = linearModel();
    await expectError(
      () => model.fit(X, [[0], [1], [0], [1]], { verbose: 0, classWeight: { [-1]: 2 } as never }),
      ValueError,
      /classWeight must map class indices/,
    );
    const input = Input({ shape: [2] });
    const two = new Model({
      inputs: input,
      outputs: [new Dense({ units: 1 }).apply(input), new Dense({ units: 1 }).apply(input)],
    });
    two.compile({ optimizer: 'sgd', loss: 'mse' });
    await expectError(
      () => two.fit(X, [Y, Y], { verbose: 0, classWeight: { 0: 1 } }),
      ValueError,
      /classWeight is only supported for models with one output/,
    );
  });

  it('unknown identifiers in compile raise UnknownIdentifierError listing the valid names', () => {
    const model = linearModel(false);
    expect(() => model.compile({ optimizer: 'sgd', loss: 'hinge_loss' })).toThrow(UnknownIdentifierError);
    expect(() => model.compile({ optimizer: 'sgd', loss: 'hinge_loss' })).toThrow(/Expected one of: .*mse/);
    expect(() => model.compile({ optimizer: 'adamx', loss: 'mse' })).toThrow(
      /Unknown optimizer 'adamx'. Expected one of: adadelta, .*sgd/,
    );
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['f1'] })).toThrow(
      /Unknown metric 'f1'.*accuracy/,
    );
  });

  it('a failed compile leaves no tensors behind and keeps the previous compile', async () => {
    const model = linearModel();
    const before = memory().numTensors;
    expect(() => model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae', 'nope'] })).toThrow(
      UnknownIdentifierError,
    );
    expect(memory().numTensors).toBe(before);
    expect(model.compiled).toBe(true);
    expect(typeof (await model.evaluate(X, Y, { verbose: 0 }))).toBe('number');
  });
});
