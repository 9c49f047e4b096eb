import { deserialize, serialize, UnknownIdentifierError } from '@layerwise/core';
import { memory, tensor } from '@layerwise/tensors';
import { checkGradients } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { expectValues } from '../test-helpers.js';
import { getRegularizer, L1, L1L2, L2, l1, l1l2, l2, type Regularizer } from './index.js';

describe('regularizers', () => {
  const w = tensor([
    [1, -2],
    [0.5, 3],
  ]);
  const sumAbs = 6.5;
  const sumSq = 1 + 4 + 0.25 + 9;

  it('compute Keras 3 penalties with Keras defaults', () => {
    expectValues(l1().call(w), [0.01 * sumAbs]);
    expectValues(l2().call(w), [0.01 * sumSq]);
    expectValues(l1l2().call(w), [0.01 * sumAbs + 0.01 * sumSq]);
    expectValues(new L1({ l1: 0.3 }).call(w), [0.3 * sumAbs]);
    expectValues(new L2({ l2: 0.2 }).call(w), [0.2 * sumSq]);
    expectValues(new L1L2({ l1: 0.1, l2: 0.2 }).call(w), [0.1 * sumAbs + 0.2 * sumSq]);
    expectValues(new L1L2().call(w), [0]); // Keras 3's L1L2 class defaults both factors to 0
    expect(new L1().l1).toBe(0.01);
    expect(new L2().l2).toBe(0.01);
  });

  it('return scalars and leak nothing', () => {
    const before = memory().numTensors;
    for (const r of [l1(), l2(), l1l2(), new L1L2({ l2: 1 })]) {
      const p = r.call(w);
      expect(p.shape).toEqual([]);
      p.dispose();
    }
    expect(memory().numTensors).toBe(before);
  });

  it('are differentiable', () => {
    const x = tensor([0.7, -1.2, 2]);
    checkGradients((t) => l1l2(0.3, 0.2).call(t), [x]);
    x.dispose();
  });

  it('round-trip through configs and resolve by name', () => {
    for (const r of [new L1({ l1: 0.2 }), new L2({ l2: 0.3 }), new L1L2({ l1: 0.1, l2: 0.4 })] as Regularizer[]) {
      const back = deserialize<Regularizer>(JSON.parse(JSON.stringify(serialize(r))));
      expect(back.constructor).toBe(r.constructor);
      expect(back.getConfig()).toEqual(r.getConfig());
    }
    expect(serialize(new L2({ l2: 0.3 }))).toEqual({ module: 'regularizers', className: 'L2', config: { l2: 0.3 } });
    expect(getRegularizer('l2')?.getConfig()).toEqual({ l2: 0.01 });
    expect(getRegularizer('l1_l2')?.getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(getRegularizer('l1L2')?.getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(getRegularizer({ className: 'L1', config: { l1: 0.5 } })?.getConfig()).toEqual({ l1: 0.5 });
    expect(getRegularizer(null)).toBeNull();
    expect(() => getRegularizer('l3')).toThrow(UnknownIdentifierError);
    expect(() => new L2({ l2: -1 })).toThrow(/l2 must be/);
    expect(() => L1.fromConfig({ l2: 1 })).toThrow(/unknown config key/);
  });
});
