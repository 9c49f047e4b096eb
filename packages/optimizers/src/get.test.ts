// getOptimizer: identifiers in snake_case / camelCase, configs, instances
// (keras/src/optimizers/__init__.py `get`, optimizer_test.py test_get_method).
import { UnknownIdentifierError, ValueError } from '@layerwise/core';
import { describe, expect, it } from 'vitest';
import { Adam, getOptimizer, Optimizer, optimizerIdentifiers, registerOptimizer, SGD } from './index.js';

describe('getOptimizer', () => {
  it('test_get_method: resolves names; a typo is an UnknownIdentifierError listing the valid names', () => {
    const sgd = getOptimizer('sgd');
    expect(sgd).toBeInstanceOf(SGD);
    expect(sgd.learningRate).toBe(0.01);
    const adam = getOptimizer('adam');
    expect(adam).toBeInstanceOf(Adam);
    expect(adam.learningRate).toBe(0.001);
    expect(() => getOptimizer('typo')).toThrow(UnknownIdentifierError);
    // The message lists every registered name, sorted (the list grows with each optimizer).
    expect(() => getOptimizer('typo')).toThrow(
      `Unknown optimizer 'typo'. Expected one of: ${optimizerIdentifiers().join(', ')} (snake_case or camelCase)`,
    );
    expect(optimizerIdentifiers()).toEqual([...optimizerIdentifiers()].sort());
    expect(optimizerIdentifiers()).toEqual(
      expect.arrayContaining(['adam', 'adamax', 'adamw', 'momentum', 'nadam', 'rmsprop', 'sgd']),
    );
    for (const o of [sgd, adam]) o.dispose();
  });

  it("'momentum' is SGD with momentum 0.9; any spelling works", () => {
    const m = getOptimizer('momentum') as SGD;
    expect(m).toBeInstanceOf(SGD);
    expect(m.momentum).toBe(0.9);
    for (const name of ['SGD', 'Sgd', 'ADAM', 'Adam']) {
      const o = getOptimizer(name);
      expect(o).toBeInstanceOf(Optimizer);
      o.dispose();
    }
    m.dispose();
  });

  it('resolves configs: { className, config }, Keras { class_name, config }, lowercase class names', () => {
    const a = getOptimizer({ className: 'SGD', config: { learningRate: 0.1, momentum: 0.5 } }) as SGD;
    expect([a.learningRate, a.momentum]).toEqual([0.1, 0.5]);
    const b = getOptimizer({ class_name: 'adam', config: { learning_rate: 0.02, beta_1: 0.8 } }) as Adam;
    expect(b).toBeInstanceOf(Adam);
    expect([b.learningRate, b.beta1]).toEqual([0.02, 0.8]);
    const c = getOptimizer({ className: 'momentum', config: { learningRate: 0.3 } }) as SGD;
    expect([c.learningRate, c.momentum]).toEqual([0.3, 0.9]);
    expect(() => getOptimizer({ className: 'Nope', config: {} })).toThrow(UnknownIdentifierError);
    for (const o of [a, b, c]) o.dispose();
  });

  it('returns an instance unchanged; rejects other things', () => {
    const o = new Adam();
    expect(getOptimizer(o)).toBe(o);
    expect(() => getOptimizer(42 as never)).toThrow(ValueError);
    expect(() => getOptimizer(null as never)).toThrow(/could not interpret optimizer identifier null/);
    o.dispose();
  });

  it('registerOptimizer adds a name in both spellings', () => {
    registerOptimizer('nesterov_momentum', SGD, { momentum: 0.9, nesterov: true });
    expect(optimizerIdentifiers()).toContain('nesterov_momentum');
    for (const name of ['nesterov_momentum', 'nesterovMomentum']) {
      const o = getOptimizer(name) as SGD;
      expect([o.momentum, o.nesterov]).toEqual([0.9, true]);
      o.dispose();
    }
  });
});
