// getLoss identifier resolution, LossFunctionWrapper and registered functions.
import { deserialize, SerializationError, serialize, UnknownIdentifierError } from '@layerwise/core';
import { abs, mean, sub, type Tensor, tidy } from '@layerwise/tensors';
import { expectAllClose } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import { registerLossFunction } from './functions.js';
import { getLoss, lossNames } from './get.js';
import {
  BinaryFocalCrossentropy,
  CategoricalFocalCrossentropy,
  CategoricalHinge,
  CosineSimilarity,
  CTC,
  Dice,
  Hinge,
  Huber,
  KLDivergence,
  LogCosh,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  Poisson,
  SquaredHinge,
  Tversky,
} from './index.js';
import { LossFunctionWrapper } from './loss-function-wrapper.js';
import { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';
import { SparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

describe('getLoss', () => {
  it.each([
    ['mse', MeanSquaredError],
    ['MSE', MeanSquaredError],
    ['mean_squared_error', MeanSquaredError],
    ['meanSquaredError', MeanSquaredError],
    ['MeanSquaredError', MeanSquaredError],
    ['binary_crossentropy', BinaryCrossentropy],
    ['binaryCrossentropy', BinaryCrossentropy],
    ['bce', BinaryCrossentropy],
    ['categorical_crossentropy', CategoricalCrossentropy],
    ['categoricalCrossentropy', CategoricalCrossentropy],
    ['sparse_categorical_crossentropy', SparseCategoricalCrossentropy],
    ['sparseCategoricalCrossentropy', SparseCategoricalCrossentropy],
    ['mae', MeanAbsoluteError],
    ['mape', MeanAbsolutePercentageError],
    ['msle', MeanSquaredLogarithmicError],
    ['huber', Huber],
    ['log_cosh', LogCosh],
    ['logcosh', LogCosh],
    ['poisson', Poisson],
    ['kld', KLDivergence],
    ['kl_divergence', KLDivergence],
    ['cosine_similarity', CosineSimilarity],
    ['binary_focal_crossentropy', BinaryFocalCrossentropy],
    ['categoricalFocalCrossentropy', CategoricalFocalCrossentropy],
    ['hinge', Hinge],
    ['squared_hinge', SquaredHinge],
    ['categorical_hinge', CategoricalHinge],
    ['dice', Dice],
    ['tversky', Tversky],
    ['ctc', CTC],
  ])('resolves %s', (name, cls) => {
    const loss = getLoss(name);
    expect(loss).toBeInstanceOf(cls);
    expect(loss.reduction).toBe('sum_over_batch_size');
  });

  it('names the Keras way', () => {
    expect(getLoss('mse').name).toBe('mean_squared_error');
    expect(getLoss('sparseCategoricalCrossentropy').name).toBe('sparse_categorical_crossentropy');
  });

  it('an unknown name is an UnknownIdentifierError listing the valid names', () => {
    expect(() => getLoss('mse2')).toThrow(UnknownIdentifierError);
    expect(() => getLoss('mse2')).toThrow(
      /Unknown loss 'mse2'. Expected one of: .*binary_crossentropy.*categorical_crossentropy.*mean_squared_error.*mse.*sparse_categorical_crossentropy/,
    );
    expect(() => getLoss(42 as never)).toThrow(UnknownIdentifierError);
    expect(lossNames()).toContain('sparse_categorical_crossentropy');
  });

  it('passes instances through and deserializes { className, config }', () => {
    const bce = new BinaryCrossentropy({ fromLogits: true });
    expect(getLoss(bce)).toBe(bce);
    const back = getLoss({ className: 'BinaryCrossentropy', config: { from_logits: true } });
    expect(back).toBeInstanceOf(BinaryCrossentropy);
    expect((back as BinaryCrossentropy).fromLogits).toBe(true);
  });

  it('wraps a function in a LossFunctionWrapper', () => {
    tidy(() => {
      function meanAbsoluteError(t: Tensor, p: Tensor): Tensor {
        return mean(abs(sub(t, p)), -1);
      }
      const loss = getLoss(meanAbsoluteError);
      expect(loss).toBeInstanceOf(LossFunctionWrapper);
      expect(loss.name).toBe('mean_absolute_error');
      // one sample: (|1 - 2| + |2 - 4|) / 2 = 1.5
      expectAllClose(loss.compute([[1, 2]], [[2, 4]]), 1.5);
      // An unregistered function cannot be saved.
      expect(() => loss.getConfig()).toThrow(SerializationError);
    });
  });

  it('a registered function resolves by name and round-trips', () => {
    tidy(() => {
      const mae = (t: Tensor, p: Tensor) => mean(abs(sub(t, p)), -1);
      registerLossFunction('test_mean_abs', mae);
      const loss = getLoss('testMeanAbs');
      expect(loss).toBeInstanceOf(LossFunctionWrapper);
      expect(loss.name).toBe('test_mean_abs');
      const json = JSON.parse(JSON.stringify(serialize(loss as LossFunctionWrapper)));
      expect(json).toEqual({
        module: 'losses',
        className: 'LossFunctionWrapper',
        config: { name: 'test_mean_abs', reduction: 'sum_over_batch_size', fn: 'test_mean_abs' },
      });
      const back = deserialize<LossFunctionWrapper>(json);
      expect(back.fn).toBe(mae);
      expectAllClose(back.compute([[1, 2]], [[2, 4]]), 1.5);
      // A built-in functional form is registered too.
      expect(new LossFunctionWrapper('mse').getConfig()).toEqual({
        name: 'mse',
        reduction: 'sum_over_batch_size',
        fn: 'mean_squared_error',
      });
      expect(new LossFunctionWrapper(meanSquaredError as never).name).toBe('mean_squared_error');
    });
  });

  it('fromConfig refuses unknown keys and unknown functions', () => {
    expect(() => MeanSquaredError.fromConfig({ fromLogits: true })).toThrow(/unknown config key 'fromLogits'/);
    expect(() => LossFunctionWrapper.fromConfig({ fn: 'nope' })).toThrow(UnknownIdentifierError);
    expect(() => LossFunctionWrapper.fromConfig({ fn: 3 })).toThrow(SerializationError);
  });
});
