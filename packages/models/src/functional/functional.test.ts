import { type CallOptions, NotReadyError, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import {
  Add,
  Concatenate,
  Dense,
  Dropout,
  Input,
  InputLayer,
  Layer,
  Masking,
  resetLayerNames,
} from '@layerwise/layers';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { expectAllClose } from '@layerwise/tensors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  T.setSeed(7);
});

/** Records the mask it was called with; passes its input through. */
class MaskProbe extends Layer {
  static override readonly className: string = 'MaskProbe';
  seen: number[][] | null = null;
  constructor() {
    super();
    this.supportsMasking = true;
  }
  override call(x: Tensor, options: CallOptions): Tensor {
    const m = options.mask as Tensor | undefined;
    this.seen = m ? (T.cast(m, 'int32').arraySync() as number[][]) : null;
    return T.identity(x);
  }
  override computeOutputShape(s: (number | null)[]): (number | null)[] {
    return s;
  }
}
registerSerializable(MaskProbe);

describe('Functional model', () => {
  it('runs a graph with two inputs, two outputs, a shared layer and a skip connection', () => {
    const a = Input({ shape: [3], name: 'a' });
    const b = Input({ shape: [3], name: 'b' });
    const shared = new Dense({ units: 3, kernelInitializer: 'identity', biasInitializer: 'ones', name: 'shared' });
    const ha = shared.apply(a);
    const hb = shared.apply(b);
    const sum = new Add({ name: 'sum' }).apply([ha, a]); // skip connection
    const cat = new Concatenate({ name: 'cat' }).apply([ha, hb]);
    const model = new Model({ inputs: [a, b], outputs: [sum, cat], name: 'two_heads' });
    expect(model.layers.map((l) => l.name)).toEqual(['a', 'b', 'shared', 'sum', 'cat']);
    expect(model.inputNames).toEqual(['a', 'b']);
    expect(model.outputNames).toEqual(['sum', 'cat']);
    expect(model.outputs.map((t) => t.shape)).toEqual([
      [null, 3],
      [null, 6],
    ]);
    expect(shared.inboundNodes.length).toBe(2);
    const xa = T.tensor([[1, 2, 3]]);
    const xb = T.tensor([[0, -1, 5]]);
    const before = T.memory().numTensors;
    const [s, c] = model.apply([xa, xb]);
    expect(T.memory().numTensors).toBe(before + 2);
    // identity kernel + bias 1: ha = a + 1, hb = b + 1; sum = ha + a.
    expectAllClose(s, [[3, 5, 7]]);
    expectAllClose(c, [[2, 3, 4, 1, 0, 6]]);
    expect(model.weights.length).toBe(2); // the shared layer's weights, once
    T.dispose([s, c, xa, xb]);
    model.dispose();
  });

  it('nests a model as a layer and counts its weights', () => {
    const innerIn = Input({ shape: [2] });
    const inner = new Model({ inputs: innerIn, outputs: new Dense({ units: 4 }).apply(innerIn), name: 'inner' });
    const x = Input({ shape: [2] });
    const h = inner.apply(x);
    expect(h.shape).toEqual([null, 4]);
    const y = new Dense({ units: 1 }).apply(h);
    const outer = new Model({ inputs: x, outputs: y });
    expect(outer.layers.map((l) => l.className)).toEqual(['InputLayer', 'Model', 'Dense']);
    expect(outer.countParams()).toBe(2 * 4 + 4 + 4 + 1);
    const out = outer.predictOnBatch(T.ones([5, 2]));
    expect(out.shape).toEqual([5, 1]);
    out.dispose();
    outer.trainable = false;
    expect(inner.trainable).toBe(false);
    expect(outer.getLayer(2).trainable).toBe(false);
    expect(outer.trainableWeights).toEqual([]);
    outer.trainable = true;
    expect(outer.trainableWeights.length).toBe(4);
    outer.dispose();
  });

  it('finds layers by name or index, with clear errors', () => {
    const x = Input({ shape: [2] });
    const model = new Model({ inputs: x, outputs: new Dense({ units: 1, name: 'out' }).apply(x) });
    expect(model.getLayer('out').name).toBe('out');
    expect(model.getLayer(0)).toBeInstanceOf(InputLayer);
    expect(() => model.getLayer('nope')).toThrow(/no layer named 'nope'. Layers: input_layer, out/);
    expect(() => model.getLayer(5)).toThrow(/index 5 is out of range; the model has 2 layers/);
    model.dispose();
  });

  it('propagates masks from layer to layer, and stops at layers that do not support them', () => {
    const x = Input({ shape: [3, 2] });
    const masked = new Masking({ maskValue: 0 }).apply(x);
    const dense = new Dense({ units: 2 }).apply(masked); // supports masking: passes it on
    const probe = new MaskProbe();
    const out = probe.apply(dense);
    const model = new Model({ inputs: x, outputs: out });
    const data = T.tensor([
      [
        [1, 1],
        [0, 0],
        [2, 0],
      ],
    ]);
    model.predictOnBatch(data).dispose();
    expect(probe.seen).toEqual([[1, 0, 1]]);
    // A layer without mask support drops it.
    const x2 = Input({ shape: [3, 2] });
    const m2 = new Masking().apply(x2);
    const noMask = new (class extends Layer {
      static override readonly className = 'NoMask';
      override call(t: Tensor) {
        return T.identity(t);
      }
    })().apply(m2);
    const probe2 = new MaskProbe();
    const model2 = new Model({ inputs: x2, outputs: probe2.apply(noMask) });
    model2.predictOnBatch(data).dispose();
    expect(probe2.seen).toBeNull();
    data.dispose();
    model.dispose();
    model2.dispose();
  });

  it('rebuilds from its config with the same structure; same weights give the same outputs', () => {
    const a = Input({ shape: [4], name: 'in_a' });
    const shared = new Dense({ units: 3, activation: 'relu', name: 'shared' });
    const h1 = shared.apply(a);
    const h2 = shared.apply(h1.shape[1] === 3 ? new Dense({ units: 4, name: 'back' }).apply(h1) : h1);
    const out = new Add().apply([h1, h2]);
    const drop = new Dropout({ rate: 0.5 }).apply(out, { training: false });
    const model = new Model({ inputs: a, outputs: [out, drop], name: 'm' });
    const config = model.getConfig();
    const json = JSON.parse(JSON.stringify(config));
    resetLayerNames();
    const copy = Model.fromConfig<Model<never>>(json);
    expect(copy.getConfig()).toEqual(config);
    copy.setWeights(model.getWeights());
    const x = T.randomNormal([2, 4], 0, 1, 'float32', 3);
    const [y1] = model.predictOnBatch(x);
    const [y2] = copy.predictOnBatch(x) as unknown as Tensor[];
    expectAllClose(y2, y1.arraySync() as number[][]);
    T.dispose([x, y1, y2]);
    model.dispose();
    copy.dispose();
  });

  it('raises clear errors for bad graphs and bad inputs', () => {
    const a = Input({ shape: [2], name: 'first' });
    const b = Input({ shape: [2], name: 'second' });
    const sum = new Add().apply([a, b]);
    expect(() => new Model({ inputs: a, outputs: sum })).toThrow(/graph disconnected.*'second'.*Add it to inputs/);
    expect(() => new Model({ inputs: sum, outputs: sum })).toThrow(/not of an Input/);
    const x = Input({ shape: [2] });
    const d1 = new Dense({ units: 2, name: 'twin' }).apply(x);
    const d2 = new Dense({ units: 2, name: 'twin' }).apply(d1);
    expect(() => new Model({ inputs: x, outputs: d2 })).toThrow(/two different layers are named 'twin'/);
    const ok = new Model({ inputs: x, outputs: d1 });
    const wrong = T.ones([3, 5]);
    expect(() => ok.predictOnBatch(wrong)).toThrow(ShapeError);
    expect(() => ok.predictOnBatch(wrong)).toThrow(/input 'input_layer\w*' expected shape \[null,2\], got \[3,5\]/);
    // A Dense built for 2 features, called on 5, names itself and both shapes.
    const dense = new Dense({ units: 1, name: 'head' });
    dense.apply(Input({ shape: [2] }));
    expect(() => dense.apply(Input({ shape: [5] }))).toThrow(
      /Dense 'head': expected input of .*2.*got shape \[null,5\]/,
    );
    wrong.dispose();
    ok.dispose();
  });
});

describe('subclassed Model', () => {
  class TwoLayer extends Model {
    hidden = new Dense({ units: 4, activation: 'relu' });
    head = new Dense({ units: 1 });
    override call(x: Tensor, options: CallOptions = {}): Tensor {
      return this.head.apply(this.hidden.apply(x, options), options);
    }
  }

  it('tracks the layers held as properties, builds on first call, and is named after its class', () => {
    const model = new TwoLayer();
    expect(model.name).toBe('two_layer');
    expect(model.layers).toEqual([model.hidden, model.head]);
    expect(model.built).toBe(false);
    const y = model.apply(T.ones([2, 3]));
    expect(y.shape).toEqual([2, 1]);
    expect(model.weights.length).toBe(4);
    expect(model.countParams()).toBe(3 * 4 + 4 + 4 + 1);
    y.dispose();
    const other = new TwoLayer();
    other.build([null, 3]);
    expect(other.countParams()).toBe(21);
    model.dispose();
    other.dispose();
  });

  it('explains what to do when a plain Model has no graph and no call', () => {
    const m = new Model();
    const x = T.ones([1, 2]);
    expect(() => m.apply(x)).toThrow(NotReadyError);
    expect(() => m.apply(x)).toThrow(/override call/);
    x.dispose();
  });
});

describe('Sequential', () => {
  it('adds and pops layers, builds when the input shape is known', () => {
    const model = new Sequential({ name: 'seq' });
    expect(model.built).toBe(false);
    model.add(new Dense({ units: 4, inputShape: [3] }));
    expect(model.built).toBe(true);
    model.add(new Dense({ units: 2 }));
    expect(model.outputs[0].shape).toEqual([null, 2]);
    expect(model.layers.map((l) => l.name)).toEqual(['dense', 'dense_1']);
    model.add(new Dense({ units: 5 }));
    expect(model.outputs[0].shape).toEqual([null, 5]);
    const popped = model.pop();
    expect(popped.name).toBe('dense_2');
    expect(model.outputs[0].shape).toEqual([null, 2]);
    popped.dispose();
    expect(() => model.add(new Dense({ units: 1, name: 'dense' }))).toThrow(/already in the model/);
    expect(() => model.add(new InputLayer({ shape: [3] }))).toThrow(/only be the first layer/);
    model.dispose();
  });

  it('defers building until it sees data, and accepts an InputLayer first', () => {
    const deferred = new Sequential([new Dense({ units: 3 }), new Dense({ units: 1 })]);
    expect(deferred.built).toBe(false);
    const y = deferred.predictOnBatch(T.ones([2, 7]));
    expect(deferred.built).toBe(true);
    expect(deferred.inputs[0].shape).toEqual([null, 7]);
    expect(deferred.countParams()).toBe(7 * 3 + 3 + 3 + 1);
    y.dispose();
    const withInput = new Sequential([new InputLayer({ shape: [5] }), new Dense({ units: 2 })]);
    expect(withInput.built).toBe(true);
    expect(withInput.layers.map((l) => l.className)).toEqual(['Dense']);
    deferred.dispose();
    withInput.dispose();
  });

  it('round-trips its config and rebuilds nested in a Functional model', () => {
    const seq = new Sequential([new Dense({ units: 3, activation: 'relu', inputShape: [2] }), new Dense({ units: 1 })]);
    const config = JSON.parse(JSON.stringify(seq.getConfig()));
    expect(config.layers.map((l: { className: string }) => l.className)).toEqual(['InputLayer', 'Dense', 'Dense']);
    resetLayerNames();
    const copy = Sequential.fromConfig<Sequential>(config);
    expect(copy.getConfig()).toEqual(seq.getConfig());
    const x = Input({ shape: [2] });
    const outer = new Model({ inputs: x, outputs: seq.apply(x) });
    const outerConfig = JSON.parse(JSON.stringify(outer.getConfig()));
    resetLayerNames();
    const outerCopy = Model.fromConfig<Model>(outerConfig);
    expect(outerCopy.getLayer(1).className).toBe('Sequential');
    expect(outerCopy.countParams()).toBe(outer.countParams());
    seq.dispose();
    copy.dispose();
    outer.dispose();
    outerCopy.dispose();
  });

  it('rejects what is not a layer', () => {
    const model = new Sequential();
    expect(() => model.add({} as never)).toThrow(ValueError);
    expect(() => model.pop()).toThrow(/no layers/);
  });
});
