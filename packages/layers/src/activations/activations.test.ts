import { UnknownIdentifierError } from '@layerwise/core';
import { memory, tensor } from '@layerwise/tensors';
import { checkGradients } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { expectValues } from '../test-helpers.js';
import * as A from './index.js';

const xs = [-2, -0.5, 0, 0.5, 3];
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const erf = (v: number) => {
  // Abramowitz-Stegun 7.1.26, |error| < 1.5e-7
  const s = Math.sign(v);
  const a = Math.abs(v);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
};
const selu = (v: number) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * Math.expm1(v));

const hand: Record<string, (v: number) => number> = {
  linear: (v) => v,
  step: (v) => (v > 0 ? 1 : 0),
  sigmoid: sig,
  hard_sigmoid: (v) => Math.min(Math.max(v + 3, 0), 6) / 6,
  tanh: Math.tanh,
  relu: (v) => Math.max(v, 0),
  relu6: (v) => Math.min(Math.max(v, 0), 6),
  leaky_relu: (v) => (v >= 0 ? v : 0.2 * v),
  elu: (v) => (v > 0 ? v : Math.expm1(v)),
  selu,
  gelu: (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)),
  swish: (v) => v * sig(v),
  silu: (v) => v * sig(v),
  softplus: (v) => Math.log1p(Math.exp(v)),
  softsign: (v) => v / (1 + Math.abs(v)),
  mish: (v) => v * Math.tanh(Math.log1p(Math.exp(v))),
  exponential: Math.exp,
};

describe('activations by name', () => {
  for (const [name, f] of Object.entries(hand)) {
    it(`${name} matches its formula`, () => {
      expectValues(A.getActivation(name)(tensor(xs)), xs.map(f), 1e-4 * 21);
    });
  }

  it('accepts camelCase and snake_case', () => {
    expect(A.getActivation('leakyRelu')).toBe(A.getActivation('leaky_relu'));
    expect(A.getActivation('logSoftmax')).toBe(A.getActivation('log_softmax'));
    expect(A.getActivation('hardSigmoid')).toBe(A.getActivation('hard_sigmoid'));
  });

  it('returns functions as they are and linear for null', () => {
    const f = (x: ReturnType<typeof tensor>) => x;
    expect(A.getActivation(f)).toBe(f);
    expectValues(A.getActivation(null)(tensor([1, -1])), [1, -1]);
  });

  it('rejects unknown names, listing the valid ones', () => {
    expect(() => A.getActivation('rellu')).toThrow(UnknownIdentifierError);
    expect(() => A.getActivation('rellu')).toThrow(/leaky_relu/);
  });

  it('serializes registered activations by name', () => {
    expect(A.serializeActivation(A.getActivation('leakyRelu'))).toBe('leaky_relu');
    expect(() => A.serializeActivation((x) => x)).toThrow(/registerActivation/);
    const sq = A.registerActivation('square_it', (x) => A.linear(x));
    expect(A.getActivation('squareIt')).toBe(sq);
    expect(A.activationNames()).toContain('square_it');
  });
});

describe('activation functions', () => {
  it('relu options follow Keras 3', () => {
    const x = [-3, -1, 0, 1, 2, 5, 8];
    expectValues(
      A.relu(tensor(x), { negativeSlope: 0.5 }),
      x.map((v) => (v >= 0 ? v : 0.5 * v)),
    );
    expectValues(
      A.relu(tensor(x), { maxValue: 6 }),
      x.map((v) => Math.min(Math.max(v, 0), 6)),
    );
    expectValues(
      A.relu(tensor(x), { maxValue: 4 }),
      x.map((v) => Math.min(Math.max(v, 0), 4)),
    );
    expectValues(
      A.relu(tensor(x), { threshold: 1.5 }),
      x.map((v) => (v > 1.5 ? v : 0)),
    );
    // Keras: x * (x > t) - slope * relu(-x + t), clipped at maxValue
    const f = (v: number) => Math.min(v > 1 ? v : 0, 6) - 0.1 * Math.max(-v + 1, 0);
    expectValues(A.relu(tensor(x), { negativeSlope: 0.1, threshold: 1, maxValue: 6 }), x.map(f));
    expect(() => A.relu(tensor(x), { negativeSlope: -1 })).toThrow(/negativeSlope/);
  });

  it('elu with alpha, leakyRelu with a slope, gelu approximation', () => {
    expectValues(A.elu(tensor([-1, 2]), 0.5), [0.5 * Math.expm1(-1), 2]);
    expectValues(A.leakyRelu(tensor([-1, 2]), 0.3), [-0.3, 2]);
    const g = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    expectValues(A.gelu(tensor(xs), true), xs.map(g));
  });

  it('softmax and logSoftmax along any axis', () => {
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    const e = Math.exp;
    expectValues(A.softmax(x), [
      e(1) / (e(1) + e(2)),
      e(2) / (e(1) + e(2)),
      e(3) / (e(3) + e(5)),
      e(5) / (e(3) + e(5)),
    ]);
    expectValues(A.softmax(x, 0), [
      e(1) / (e(1) + e(3)),
      e(2) / (e(2) + e(5)),
      e(3) / (e(1) + e(3)),
      e(5) / (e(2) + e(5)),
    ]);
    expectValues(
      A.logSoftmax(x, 0),
      [1, 2, 3, 5].map((v, i) => v - Math.log(i % 2 === 0 ? e(1) + e(3) : e(2) + e(5))),
    );
    x.dispose();
  });

  it('step has a zero gradient (it trains nothing)', () => {
    const x = tensor([-1, 0.5, 2]);
    checkGradients((t) => A.step(t), [x]);
    x.dispose();
  });

  it('gradients agree with finite differences', () => {
    const x = tensor([-1.3, -0.4, 0.35, 1.2]);
    for (const name of ['sigmoid', 'tanh', 'elu', 'selu', 'gelu', 'swish', 'softplus', 'softsign', 'mish', 'softmax']) {
      checkGradients(A.getActivation(name), [x]);
    }
    checkGradients((t) => A.relu(t, { negativeSlope: 0.1, maxValue: 1, threshold: -0.1 }), [x]);
    x.dispose();
  });

  it('leaves no tensors behind', () => {
    const x = tensor([-1, 2, 7]);
    const before = memory().numTensors;
    for (const name of A.activationNames()) A.getActivation(name)(x).dispose();
    A.relu(x, { negativeSlope: 0.1, threshold: 1, maxValue: 6 }).dispose();
    A.elu(x, 0.5).dispose();
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });
});
