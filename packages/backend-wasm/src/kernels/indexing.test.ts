import { describe, expect, it } from 'vitest';
import { expectNoLeak, expectSameAsCpu, ints, rand, run, runAndDispose, tf, use } from '../test-setup.js';

// Exact comparisons (these kernels copy values), against tfjs's cpu kernels
// where they are right, and hand values where they are not.

/** Runs `f` on cpu and on wasm and returns both results. */
async function onBoth(f: () => number[]): Promise<{ cpu: number[]; wasm: number[] }> {
  await use('cpu');
  const cpu = tf.tidy(f);
  await use('wasm');
  const wasm = tf.tidy(f);
  return { cpu, wasm };
}

describe('OneHot (replaced: honours dtype)', () => {
  it('float32 with fractional on/off values and out-of-range indices (hand values)', async () => {
    await use('wasm');
    const y = run(
      'OneHot',
      { indices: ints([4], [0, 2, -1, 5]) },
      { depth: 3, onValue: 0.5, offValue: -1.25, dtype: 'float32' },
    );
    expect(y.shape).toEqual([4, 3]);
    const off = -1.25;
    expect(Array.from(y.values)).toEqual([0.5, off, off, off, off, 0.5, off, off, off, off, off, off]);
  });
  it('matches cpu: float32 from 2-D indices, and int32 (original kernel)', async () => {
    const indices = ints([2, 3], [1, 0, 3, 3, 2, 1]);
    await expectSameAsCpu('OneHot', { indices }, { depth: 4, onValue: 1, offValue: 0, dtype: 'float32' });
    await expectSameAsCpu('OneHot', { indices }, { depth: 4, onValue: 7, offValue: -2, dtype: 'int32' });
  });
  it('bool', async () => {
    const r = await onBoth(() => Array.from(tf.oneHot(tf.tensor([2, 0], [2], 'int32'), 3, 1, 0, 'bool').dataSync()));
    expect(r.wasm).toEqual([0, 0, 1, 1, 0, 0]);
    expect(r.wasm).toEqual(r.cpu);
  });
  it('leaks nothing', async () => {
    await expectNoLeak(() =>
      runAndDispose(
        'OneHot',
        { indices: ints([3], [0, 2, 1]) },
        { depth: 3, onValue: 1, offValue: 0, dtype: 'float32' },
      ),
    );
  });
});

describe('Select and Reverse (replaced: bool)', () => {
  const c = [1, 0, 1, 0, 1, 1, 0];
  const t = [1, 1, 0, 0, 1, 0, 1];
  const e = [0, 1, 1, 0, 0, 1, 1];
  it('select: bool branches, elementwise condition (hand values)', async () => {
    const r = await onBoth(() =>
      Array.from(tf.where(tf.tensor(c, [7], 'bool'), tf.tensor(t, [7], 'bool'), tf.tensor(e, [7], 'bool')).dataSync()),
    );
    const ref = c.map((ci, i) => (ci ? t[i] : e[i]));
    expect(r.wasm).toEqual(ref);
    expect(r.cpu).toEqual(ref);
  });
  it('select: a vector condition picks rows (kernel-level, as TF1 Select)', async () => {
    await use('wasm');
    const y = tf.tidy(() => {
      const out = tf.engine().runKernel('Select', {
        condition: tf.tensor([1, 0], [2], 'bool'),
        t: tf.tensor([1, 1, 1, 0, 0, 0], [2, 3], 'bool'),
        e: tf.tensor([0, 0, 1, 1, 1, 1], [2, 3], 'bool'),
      }) as tf.Tensor;
      return Array.from(out.dataSync());
    });
    expect(y).toEqual([1, 1, 1, 1, 1, 1]);
  });
  it('select: float32 and int32 still run the original and match cpu', async () => {
    const f = (dtype: 'float32' | 'int32') => () =>
      Array.from(
        tf
          .where(
            tf.tensor(c, [7], 'bool'),
            tf.tensor(
              t.map((v, i) => v + i),
              [7],
              dtype,
            ),
            tf.tensor(e, [7], dtype),
          )
          .dataSync(),
      );
    for (const dtype of ['float32', 'int32'] as const) {
      const r = await onBoth(f(dtype));
      expect(r.wasm).toEqual(r.cpu);
    }
  });
  const shapes: Array<[number[], number[]]> = [
    [[7], [0]],
    [[2, 3, 4], [1]],
    [
      [2, 3, 4],
      [0, 2],
    ],
    [
      [2, 3, 4],
      [0, 1, 2],
    ],
    [[3, 1, 5], [-1]],
  ];
  for (const [shape, dims] of shapes) {
    it(`reverse: bool ${shape} along ${dims} matches cpu`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const v = Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
      const r = await onBoth(() => Array.from(tf.reverse(tf.tensor(v, shape, 'bool'), dims).dataSync()));
      expect(r.wasm).toEqual(r.cpu);
    });
  }
  it('reverse: float32 still runs the original and matches cpu', async () => {
    await expectSameAsCpu('Reverse', { x: rand([2, 3, 4]) }, { dims: [0, 2] });
  });
  it('leaks nothing', async () => {
    await expectNoLeak(() =>
      tf.tidy(() => {
        tf.where(tf.tensor(c, [7], 'bool'), tf.tensor(t, [7], 'bool'), tf.tensor(e, [7], 'bool'));
        tf.reverse(tf.tensor(t, [7], 'bool'), 0);
      }),
    );
  });
});

describe('GatherNd, ScatterNd, TensorScatterUpdate (replaced: indices range-checked)', () => {
  it('gather: matches cpu in range', async () => {
    await expectSameAsCpu('GatherNd', { params: rand([3, 4, 2]), indices: ints([3, 2], [2, 3, 0, 1, 1, 1]) });
  });
  it('gather: throws like cpu for an out-of-range tuple (cpu throws for these too)', async () => {
    await use('wasm');
    const params = rand([2, 2]);
    for (const tuple of [
      [0, 5],
      [3, 0],
      [-1, 0],
    ]) {
      expect(() => run('GatherNd', { params, indices: ints([1, 2], tuple) })).toThrow(
        `Invalid indices: ${tuple} does not index into 2,2`,
      );
    }
  });
  it('gather: throws for an entry past its dimension whose flat offset is inside (cpu reads a neighbour)', async () => {
    await use('wasm');
    expect(() => run('GatherNd', { params: rand([3, 3]), indices: ints([1, 2], [0, 4]) })).toThrow(/Invalid indices/);
  });
  it('scatter: matches cpu in range (repeats add up)', async () => {
    await expectSameAsCpu('ScatterNd', { indices: ints([3, 1], [1, 0, 1]), updates: rand([3, 2]) }, { shape: [3, 2] });
  });
  it('scatter: throws for out-of-range and negative indices', async () => {
    await use('wasm');
    for (const v of [3, -1]) {
      expect(() => run('ScatterNd', { indices: ints([1, 1], [v]), updates: rand([1]) }, { shape: [3] })).toThrow(
        `Invalid indices: ${v} does not index into 3`,
      );
    }
  });
  it('tensorScatterUpdate: matches cpu in range, throws out of range', async () => {
    const args = { tensor: rand([4, 2]), updates: rand([2, 2]) };
    await expectSameAsCpu('TensorScatterUpdate', { ...args, indices: ints([2, 1], [3, 0]) });
    await use('wasm');
    expect(() => run('TensorScatterUpdate', { ...args, indices: ints([2, 1], [4, 0]) })).toThrow(
      'Invalid indices: 4 does not index into 4,2',
    );
  });
  it('leaks nothing, also when it throws', async () => {
    await expectNoLeak(() => {
      runAndDispose('GatherNd', { params: rand([3, 2]), indices: ints([2, 1], [2, 0]) });
      runAndDispose('ScatterNd', { indices: ints([2, 1], [2, 0]), updates: rand([2, 2]) }, { shape: [3, 2] });
      expect(() => run('GatherNd', { params: rand([3, 2]), indices: ints([1, 1], [3]) })).toThrow();
      expect(() =>
        run('ScatterNd', { indices: ints([1, 1], [3]), updates: rand([1, 2]) }, { shape: [3, 2] }),
      ).toThrow();
    });
  });
});
