import { describe, expect, it } from 'vitest';
import { expectNoLeak, ints, rand, run, runAndDispose, tf, useCpu } from '../test-setup.js';

// Exact comparisons: these kernels only copy or add a few values.

describe('TensorScatterUpdate (replaced: writes a new buffer)', () => {
  it('leaves the input and every tensor sharing its buffer unchanged', async () => {
    await useCpu();
    const x = tf.tensor([1, 2, 3, 4]);
    const view = tf.reshape(x, [2, 2]); // shares x's buffer
    const y = tf.tensorScatterUpdate(x, tf.tensor([[1], [3]], [2, 1], 'int32'), tf.tensor([9, 8]));
    expect(Array.from(y.dataSync())).toEqual([1, 9, 3, 8]);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(view.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([x, view, y]);
  });

  it('replaces slices (direct loop), float32 and int32', async () => {
    await useCpu();
    const t = rand([4, 3, 2]);
    const u = rand([2, 3, 2]);
    const rows = [3, 1];
    const got = run('TensorScatterUpdate', { tensor: t, indices: ints([2, 1], rows), updates: u });
    const ref = Float32Array.from(t.data);
    for (const [i, r] of rows.entries()) ref.set(u.data.subarray(i * 6, i * 6 + 6), r * 6);
    expect(got.shape).toEqual([4, 3, 2]);
    expect(got.values).toEqual(ref);
    const gi = run('TensorScatterUpdate', {
      tensor: ints([2, 2], [1, 2, 3, 4]),
      indices: ints([1, 2], [1, 0]),
      updates: ints([1], [7]),
    });
    expect(gi.dtype).toBe('int32');
    expect(Array.from(gi.values)).toEqual([1, 2, 7, 4]);
  });

  it('works on bool tensors without touching the input', async () => {
    await useCpu();
    const x = tf.tensor([true, false, true], [3], 'bool');
    const y = tf.tensorScatterUpdate(x, tf.tensor([[0]], [1, 1], 'int32'), tf.tensor([false], [1], 'bool'));
    expect(Array.from(y.dataSync())).toEqual([0, 0, 1]);
    expect(Array.from(x.dataSync())).toEqual([1, 0, 1]);
    tf.dispose([x, y]);
  });

  it('rejects an index tuple outside its dimension', async () => {
    await useCpu();
    const args = { tensor: rand([3, 3]), updates: rand([1]) };
    expect(() => run('TensorScatterUpdate', { ...args, indices: ints([1, 2], [0, 5]) })).toThrow(
      'Invalid indices: 0,5 does not index into 3,3',
    );
    expect(() => run('TensorScatterUpdate', { ...args, indices: ints([1, 2], [-1, 0]) })).toThrow(/Invalid indices/);
  });

  it('leaks nothing', async () => {
    await expectNoLeak(() =>
      runAndDispose('TensorScatterUpdate', { tensor: rand([4, 2]), indices: ints([1, 1], [2]), updates: rand([1, 2]) }),
    );
  });
});

describe('GatherNd and ScatterNd (replaced: indices checked per dimension)', () => {
  it('gather: in-range tuples give the direct-loop values', async () => {
    await useCpu();
    const x = rand([3, 4, 2]);
    const got = run('GatherNd', { params: x, indices: ints([2, 2], [2, 3, 0, 1]) });
    expect(got.shape).toEqual([2, 2]);
    expect(Array.from(got.values)).toEqual([...x.data.subarray(22, 24), ...x.data.subarray(2, 4)]);
  });

  it('gather: an entry past its dimension throws, even when the flat offset is inside the tensor', async () => {
    await useCpu();
    expect(() => run('GatherNd', { params: rand([3, 3]), indices: ints([1, 2], [0, 5]) })).toThrow(
      'Invalid indices: 0,5 does not index into 3,3',
    );
    expect(() => run('GatherNd', { params: rand([3, 3]), indices: ints([1, 1], [-1]) })).toThrow(/Invalid indices/);
  });

  it('scatter: sums repeated tuples (hand values)', async () => {
    await useCpu();
    const updates = { shape: [3], data: Float32Array.from([1.5, 2, 4]), dtype: 'float32' as const };
    const got = run('ScatterNd', { indices: ints([3, 2], [1, 0, 0, 1, 1, 0]), updates }, { shape: [2, 2] });
    expect(got.shape).toEqual([2, 2]);
    expect(Array.from(got.values)).toEqual([0, 2, 5.5, 0]);
  });

  it('scatter: an entry past its dimension throws, even when the flat offset is inside the output', async () => {
    await useCpu();
    expect(() => run('ScatterNd', { indices: ints([1, 2], [0, 2]), updates: rand([1]) }, { shape: [2, 2] })).toThrow(
      'Invalid indices: 0,2 does not index into 2,2',
    );
  });

  it('leaks nothing', async () => {
    await expectNoLeak(() => {
      runAndDispose('GatherNd', { params: rand([3, 2]), indices: ints([2, 1], [2, 0]) });
      runAndDispose('ScatterNd', { indices: ints([2, 1], [2, 0]), updates: rand([2, 2]) }, { shape: [3, 2] });
    });
  });
});
