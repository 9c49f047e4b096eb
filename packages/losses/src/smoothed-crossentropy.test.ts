import { ValueError } from '@layerwise/core';
import { describe, expect, it } from 'vitest';
import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';

describe('SmoothedCrossentropy (the base of both crossentropies)', () => {
  it('defaults and config keys are the same for both', () => {
    for (const cls of [BinaryCrossentropy, CategoricalCrossentropy]) {
      const loss = new cls();
      expect([loss.fromLogits, loss.labelSmoothing, loss.axis]).toEqual([false, 0, -1]);
      expect(cls.configKeys).toEqual(['name', 'reduction', 'fromLogits', 'labelSmoothing', 'axis']);
    }
    expect(new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2, axis: 1 }).getConfig()).toEqual({
      name: 'binary_crossentropy',
      reduction: 'sum_over_batch_size',
      fromLogits: true,
      labelSmoothing: 0.2,
      axis: 1,
    });
    expect(new CategoricalCrossentropy().name).toBe('categorical_crossentropy');
  });
  it('names the subclass when labelSmoothing is out of range', () => {
    expect(() => new BinaryCrossentropy({ labelSmoothing: 2 })).toThrow(
      new ValueError('BinaryCrossentropy: labelSmoothing is 2; expected a number in [0, 1].'),
    );
    expect(() => new CategoricalCrossentropy({ labelSmoothing: -0.5 })).toThrow(
      'CategoricalCrossentropy: labelSmoothing is -0.5; expected a number in [0, 1].',
    );
  });
});
