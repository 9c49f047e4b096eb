import { deserialize, serialize, UnknownIdentifierError } from '@layerwise/core';
import { memory, tensor } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { expectValues } from '../test-helpers.js';
import { type Constraint, getConstraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm } from './index.js';

// Columns of w: norms 5 and 0.5 along axis 0 (Dense kernel [in, out]: one column per unit).
const cols = [
  [3, 0.3],
  [4, 0.4],
];
const eps = 1e-7;

describe('constraints (Keras 3 formulas)', () => {
  it('MaxNorm rescales only the slices above maxValue', () => {
    const w = tensor(cols);
    const s = 2 / (5 + eps);
    expectValues(new MaxNorm({ maxValue: 2 }).call(w), [3 * s, 0.3 * (0.5 / (0.5 + eps)), 4 * s, 0.4]);
    // axis 1: row norms sqrt(9.09) and sqrt(16.16)
    const r0 = Math.sqrt(9.09);
    const r1 = Math.sqrt(16.16);
    expectValues(new MaxNorm({ maxValue: 1, axis: 1 }).call(w), [3 / r0, 0.3 / r0, 4 / r1, 0.4 / r1]);
    w.dispose();
  });

  it('NonNeg zeroes negatives', () => {
    expectValues(new NonNeg().call(tensor([-1, 0, 2.5])), [0, 0, 2.5]);
  });

  it('UnitNorm divides by the norm', () => {
    expectValues(new UnitNorm().call(tensor(cols)), [0.6, 0.6, 0.8, 0.8]);
  });

  it('MinMaxNorm clips the norm into [min, max] at the given rate', () => {
    const w = tensor(cols);
    expectValues(new MinMaxNorm({ minValue: 1, maxValue: 2 }).call(w), [1.2, 0.6, 1.6, 0.8]);
    // rate 0.5: desired = 0.5 * clip(n) + 0.5 * n -> col 0: 3.5, col 1: 0.75
    expectValues(new MinMaxNorm({ minValue: 1, maxValue: 2, rate: 0.5 }).call(w), [2.1, 0.45, 2.8, 0.6]);
    expectValues(new MinMaxNorm().call(w), [0.6, 0.3, 0.8, 0.4]); // defaults 0..1
    w.dispose();
    expect(() => new MinMaxNorm({ minValue: 2, maxValue: 1 })).toThrow(/minValue/);
  });

  it('leak nothing', () => {
    const w = tensor(cols);
    const before = memory().numTensors;
    for (const c of [new MaxNorm(), new NonNeg(), new UnitNorm(), new MinMaxNorm()]) c.call(w).dispose();
    expect(memory().numTensors).toBe(before);
    w.dispose();
  });

  it('round-trip through configs and resolve by name', () => {
    const all: Constraint[] = [
      new MaxNorm({ maxValue: 3, axis: [0, 1] }),
      new NonNeg(),
      new UnitNorm({ axis: 1 }),
      new MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 0.3, axis: 1 }),
    ];
    for (const c of all) {
      const back = deserialize<Constraint>(JSON.parse(JSON.stringify(serialize(c))));
      expect(back.constructor).toBe(c.constructor);
      expect(back.getConfig()).toEqual(c.getConfig());
    }
    expect(MaxNorm.fromConfig({ max_value: 4, axis: 0 }).maxValue).toBe(4);
    expect(getConstraint('max_norm')).toBeInstanceOf(MaxNorm);
    expect(getConstraint('nonNeg')).toBeInstanceOf(NonNeg);
    expect(getConstraint('unitNorm')).toBeInstanceOf(UnitNorm);
    expect(getConstraint('min_max_norm')).toBeInstanceOf(MinMaxNorm);
    expect(getConstraint({ className: 'MaxNorm', config: { maxValue: 3 } })?.getConfig()).toEqual({
      maxValue: 3,
      axis: 0,
    });
    expect(getConstraint(undefined)).toBeNull();
    expect(() => getConstraint('positive')).toThrow(UnknownIdentifierError);
  });
});
