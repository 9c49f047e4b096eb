import { deserialize, serialize } from '@layerwise/core';
import { describe, expect, it } from 'vitest';
import * as root from './index.js';
import {
  activations,
  constraints,
  Dense,
  getActivation,
  getConstraint,
  getInitializer,
  getRegularizer,
  Identity,
  InputSpec,
  initializers,
  Layer,
  Masking,
  regularizers,
} from './index.js';

describe('package root', () => {
  it('exports the layer classes at the root and the other families as Keras-style namespaces', () => {
    expect(new Identity()).toBeInstanceOf(Layer);
    expect(Identity.className).toBe('Identity');
    expect(Identity.module).toBe('layers');
    expect(new initializers.Identity()).toBeInstanceOf(initializers.Initializer);
    expect(initializers.Identity).not.toBe(Identity);
    expect(new Masking()).toBeInstanceOf(Layer);
    expect(new InputSpec({ ndim: 2 }).ndim).toBe(2);
    expect(typeof activations.relu).toBe('function');
    expect(regularizers.l2(0.01)).toBeInstanceOf(regularizers.L2);
    expect(new constraints.MaxNorm()).toBeInstanceOf(constraints.Constraint);
    expect(new initializers.GlorotUniform()).toBeInstanceOf(initializers.VarianceScaling);
  });

  it('keeps the resolvers at the root, the same functions as in the namespaces', () => {
    expect(getActivation).toBe(activations.getActivation);
    expect(getInitializer).toBe(initializers.getInitializer);
    expect(getRegularizer).toBe(regularizers.getRegularizer);
    expect(getConstraint).toBe(constraints.getConstraint);
    expect(getInitializer('identity')).toBeInstanceOf(initializers.Identity);
  });

  it('does not export the non-layer families at the root', () => {
    for (const name of ['GlorotUniform', 'L2', 'l2', 'MaxNorm', 'relu', 'Initializer', 'Regularizer', 'Constraint']) {
      expect(name in root, name).toBe(false);
    }
  });

  it('keeps the serialization names: a layer and an initializer both named Identity round-trip', () => {
    const dense = new Dense({
      units: 2,
      kernelInitializer: new initializers.Identity({ gain: 2 }),
      kernelRegularizer: regularizers.l2(0.01),
      kernelConstraint: new constraints.MaxNorm({ maxValue: 3 }),
    });
    const config = JSON.parse(JSON.stringify(serialize(dense)));
    expect(config.className).toBe('Dense');
    expect(config.config.kernelInitializer.className).toBe('Identity');
    expect(config.config.kernelRegularizer.className).toBe('L2');
    expect(config.config.kernelConstraint.className).toBe('MaxNorm');
    const back = deserialize<InstanceType<typeof Dense>>(config);
    expect(back.getConfig()).toEqual(dense.getConfig());
    const layer = deserialize(JSON.parse(JSON.stringify(serialize(new Identity({ name: 'id' })))));
    expect(layer).toBeInstanceOf(Identity);
    for (const l of [dense, back, layer as Layer]) l.dispose();
  });
});
