import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallOptions, registerSerializable, SerializationError } from '@layerwise/core';
import { Add, Dense, Dropout, Input, resetLayerNames } from '@layerwise/layers';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelFileNotFoundError, memoryHandler } from './index.js';
import { Model } from './model.js';
import { loadModel } from './save-model.js';
import { Sequential } from './sequential.js';

const dir = mkdtempSync(join(tmpdir(), 'layerwise-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  resetLayerNames();
  T.setSeed(3);
});

const x = () =>
  T.tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [0.5, 0.5],
    [0.2, 0.9],
  ]);
const y = () => T.tensor([[0], [1], [1], [0], [1], [0]]);

function values(ts: Tensor[]): number[][] {
  return ts.map((t) => Array.from(t.dataSync()));
}

class Residual extends Model {
  static override readonly className = 'Residual';
  inner = new Dense({ units: 2, activation: 'tanh' });
  head = new Dense({ units: 1, activation: 'sigmoid' });
  override call(input: Tensor, options: CallOptions = {}): Tensor {
    return this.head.apply(T.add(input, this.inner.apply(input, options)), options);
  }
}
registerSerializable(Residual);

describe('save and loadModel', () => {
  it('round-trips a compiled Functional model; training resumes exactly where it stopped', async () => {
    const inp = Input({ shape: [2] });
    const h = new Dense({ units: 4, activation: 'relu' }).apply(inp);
    const skip = new Add().apply([h, new Dense({ units: 4 }).apply(inp)]);
    const out = new Dense({ units: 1, activation: 'sigmoid' }).apply(new Dropout({ rate: 0.1 }).apply(skip));
    const model = new Model({ inputs: inp, outputs: out });
    model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const [xs, ys] = [x(), y()];
    await model.fit(xs, ys, { epochs: 3, batchSize: 2, verbose: 0, shuffle: false });
    const path = join(dir, 'functional.lwm');
    await model.save(path);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const loaded = await loadModel(path);
    expect(loaded.getConfig()).toEqual(model.getConfig());
    expect(values(loaded.getWeights())).toEqual(values(model.getWeights()));
    expect(loaded.optimizer?.iterations).toBe(9);
    expect(values(loaded.optimizer?.variables() ?? [])).toEqual(values(model.optimizer?.variables() ?? []));
    expect(loaded.metricsNames).toEqual(['loss', 'accuracy']);
    // One more epoch on each (no dropout randomness: rate applies, so fix the seed the same way for both).
    T.setSeed(11);
    await model.fit(xs, ys, { epochs: 1, batchSize: 2, verbose: 0, shuffle: false });
    T.setSeed(11);
    await loaded.fit(xs, ys, { epochs: 1, batchSize: 2, verbose: 0, shuffle: false });
    const a = values(model.getWeights());
    const b = values(loaded.getWeights());
    for (const [i, row] of a.entries()) {
      for (const [j, v] of row.entries()) expect(b[i][j]).toBeCloseTo(v, 6);
    }
    T.dispose([xs, ys]);
    model.dispose();
    loaded.dispose();
  });

  it('round-trips a Sequential model through an in-memory handler, and an uncompiled one', async () => {
    const model = new Sequential([
      new Dense({ units: 3, activation: 'relu', inputShape: [2] }),
      new Dense({ units: 1 }),
    ]);
    const handler = memoryHandler();
    await model.save(handler);
    expect(handler.bytes?.length).toBeGreaterThan(0);
    const before = T.memory().numTensors;
    const loaded = await loadModel<Sequential>(handler);
    expect(loaded).toBeInstanceOf(Sequential);
    expect(loaded.compiled).toBe(false);
    expect(T.memory().numTensors).toBe(before + loaded.weights.length);
    const xs = x();
    const p1 = model.predictOnBatch(xs);
    const p2 = loaded.predictOnBatch(xs);
    expect(Array.from(p2.dataSync())).toEqual(Array.from(p1.dataSync()));
    T.dispose([xs, p1, p2]);
    model.dispose();
    loaded.dispose();
  });

  it('round-trips a registered subclassed model, building it from the saved input shape', async () => {
    const model = new Residual();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const [xs, ys] = [x(), y()];
    await model.fit(xs, ys, { epochs: 1, verbose: 0 });
    const path = join(dir, 'sub.lwm');
    await model.save(path);
    const loaded = await loadModel<Residual>(path);
    expect(loaded).toBeInstanceOf(Residual);
    expect(values(loaded.getWeights())).toEqual(values(model.getWeights()));
    await expect(new Residual().save(join(dir, 'unbuilt.lwm'))).rejects.toThrow(/has not been built/);
    T.dispose([xs, ys]);
    model.dispose();
    loaded.dispose();
  });

  it('explains missing, corrupt and foreign files, and keeps the old file when a save fails', async () => {
    await expect(loadModel(join(dir, 'nope.lwm'))).rejects.toThrow(ModelFileNotFoundError);
    const model = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    const path = join(dir, 'good.lwm');
    await model.save(path);
    const good = readFileSync(path);
    const bad = Buffer.from(good);
    bad[bad.length - 10] ^= 0xff;
    const corrupt = join(dir, 'corrupt.lwm');
    writeFileSync(corrupt, bad);
    await expect(loadModel(corrupt)).rejects.toThrow(SerializationError);
    await expect(loadModel(corrupt)).rejects.toThrow(/checksum/);
    const zip = join(dir, 'model.keras');
    writeFileSync(
      zip,
      Buffer.from([
        0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28,
      ]),
    );
    await expect(loadModel(zip)).rejects.toThrow(/\.keras|@layerwise\/io/);
    // A plain function loss cannot be saved: the save fails before touching the good file.
    model.compile({ optimizer: 'sgd', loss: (a: Tensor, b: Tensor) => T.mean(T.square(T.sub(a, b))) });
    await expect(model.save(path)).rejects.toThrow(/cannot be saved/);
    expect(readFileSync(path).equals(good)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    model.dispose();
  });
});

describe('model.restore and resuming a fit', () => {
  it('restore loads weights and optimizer state into the same model; a resumed fit equals an uninterrupted one', async () => {
    const [xs, ys] = [x(), y()];
    const make = () => {
      resetLayerNames();
      T.setSeed(21);
      const m = new Sequential([new Dense({ units: 3, activation: 'tanh', inputShape: [2] }), new Dense({ units: 1 })]);
      m.compile({ optimizer: 'adam', loss: 'mse' });
      return m;
    };
    const straight = make();
    await straight.fit(xs, ys, { epochs: 4, batchSize: 3, shuffle: false, verbose: 0 });
    const first = make();
    await first.fit(xs, ys, { epochs: 2, batchSize: 3, shuffle: false, verbose: 0 });
    const path = join(dir, 'backup.lwm');
    await first.save(path);
    const resumed = make();
    // As BackupAndRestore does: restore in onTrainBegin and resume at the saved epoch.
    const history = await resumed.fit(xs, ys, {
      epochs: 4,
      batchSize: 3,
      shuffle: false,
      verbose: 0,
      callbacks: [
        {
          onTrainBegin: async () => {
            await resumed.restore(path);
            resumed.resumeEpoch = 2;
          },
        },
      ],
    });
    expect(history.epoch).toEqual([2, 3]);
    expect(resumed.optimizer?.iterations).toBe(straight.optimizer?.iterations);
    const a = values(straight.getWeights());
    const b = values(resumed.getWeights());
    for (const [i, row] of a.entries()) for (const [j, v] of row.entries()) expect(b[i][j]).toBeCloseTo(v, 6);
    T.dispose([xs, ys]);
    for (const m of [straight, first, resumed]) m.dispose();
  });

  it('restore refuses a file of another architecture and changes nothing', async () => {
    const a = new Sequential([new Dense({ units: 2, inputShape: [2] })]);
    const b = new Sequential([new Dense({ units: 2, inputShape: [2] }), new Dense({ units: 1 })]);
    const path = join(dir, 'other.lwm');
    await a.save(path);
    const before = values(b.getWeights());
    await expect(b.restore(path)).rejects.toThrow(/different architecture/);
    expect(values(b.getWeights())).toEqual(before);
    a.dispose();
    b.dispose();
  });
});
