import { describe, expect, it } from 'vitest';
import {
  cast,
  DTypeError,
  dispose,
  gather,
  gatherND,
  grad,
  memory,
  range,
  reshape,
  ShapeError,
  sum,
  type Tensor,
  tensor,
  ValueError,
} from '../index.js';
import { values, wave } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

describe('gather', () => {
  it('takes rows (axis 0) and columns (axis 1)', () => {
    const x = reshape(range(12), [3, 4]);
    expect(gather(x, [2, 0]).arraySync()).toEqual([
      [8, 9, 10, 11],
      [0, 1, 2, 3],
    ]);
    expect(gather(x, [3, 0], 1).arraySync()).toEqual([
      [3, 0],
      [7, 4],
      [11, 8],
    ]);
    expect(gather(x, [3, 0], -1).arraySync()).toEqual([
      [3, 0],
      [7, 4],
      [11, 8],
    ]);
    // Index tensors of any shape replace the gathered axis.
    const g = gather(
      x,
      tensor(
        [
          [0, 1],
          [1, 2],
        ],
        [2, 2],
        'int32',
      ),
      1,
    );
    expect(g.shape).toEqual([3, 2, 2]);
    expect(values(g)).toEqual([0, 1, 1, 2, 4, 5, 5, 6, 8, 9, 9, 10]);
  });

  it('gathers per batch element with batchDims', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(
      gather(
        x,
        [
          [2, 0],
          [1, 1],
        ],
        1,
        1,
      ).arraySync(),
    ).toEqual([
      [3, 1],
      [5, 5],
    ]);
    // A dimension between the batch and the gathered axis.
    const y = reshape(range(12), [2, 2, 3]);
    expect(
      gather(
        y,
        [
          [0, 2],
          [1, 0],
        ],
        2,
        1,
      ).arraySync(),
    ).toEqual([
      [
        [0, 2],
        [3, 5],
      ],
      [
        [7, 6],
        [10, 9],
      ],
    ]);
    // Two batch dimensions; batchDims -1 counts from the rank of indices.
    const idx = tensor(
      [
        [[2], [0]],
        [[1], [1]],
      ],
      [2, 2, 1],
      'int32',
    );
    expect(values(gather(y, idx, 2, 2))).toEqual([2, 3, 7, 10]);
    expect(gather(y, idx, 2, 2).shape).toEqual([2, 2, 1]);
    expect(values(gather(y, [[0], [1]], 1, -1))).toEqual([0, 1, 2, 9, 10, 11]);
    // batchDims equal to the rank of indices: one index per batch element.
    expect(values(gather(x, [1, 2], 1, 1))).toEqual([2, 6]);
  });

  it('requires int32 indices, in range, and matching batch dimensions', () => {
    const x = reshape(range(12), [3, 4]);
    expect(() => gather(x, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => gather(x, tensor([0, 1]))).toThrow(/float32, expected int32.*cast/);
    expect(() => gather(x, [0.5])).toThrow(DTypeError);
    expect(() => gather(x, [3])).toThrow(ShapeError);
    expect(() => gather(x, [3])).toThrow(/index 3 is out of range for axis 0 .* \(size 3\)/);
    expect(() => gather(x, [-1])).toThrow(ShapeError);
    expect(() => gather(x, [0], 2)).toThrow(/axis 2 is out of range/);
    expect(() => gather(x, [[0], [1]], 1, 1)).toThrow(
      /batch dimension 0 differs: x \[3,4\] has 3, indices \[2,1\] has 2/,
    );
    expect(() => gather(x, [[0]], 0, 1)).toThrow(ValueError);
    expect(gather(x, cast(tensor([1]), 'int32')).shape).toEqual([1, 4]);
  });

  it('is differentiable with batchDims 0, repeated indices adding up (gradient check)', () => {
    // The gradient is tfjs's UnsortedSegmentSum, which the wasm backend gets from @layerwise/backend-wasm.
    checkGradients((a) => gather(a, [2, 0, 2], 0), [wave([3, 4], (i) => Math.sin(i + 1))]);
    checkGradients(
      (a) =>
        gather(
          a,
          [
            [3, 3],
            [0, 1],
          ],
          1,
        ),
      [wave([3, 4], (i) => Math.sin(i + 1))],
    );
  });

  it('is differentiable with batchDims 1 and 2 (gradient check)', () => {
    checkGradients(
      (a) =>
        gather(
          a,
          [
            [2, 0, 0],
            [1, 1, 2],
          ],
          1,
          1,
        ),
      [wave([2, 3], (i) => Math.sin(i + 1))],
    );
    checkGradients((a) => gather(a, [1, 2], 1, 1), [wave([2, 3], (i) => Math.sin(i + 1))]);
    checkGradients(
      (a) =>
        gather(
          a,
          [
            [0, 2, 2],
            [1, 0, 1],
          ],
          2,
          1,
        ),
      [wave([2, 2, 3], (i) => Math.sin(i + 1))],
    );
    checkGradients(
      (a) =>
        gather(
          a,
          tensor(
            [
              [
                [2, 2],
                [0, 1],
              ],
              [
                [1, 1],
                [0, 0],
              ],
            ],
            [2, 2, 2],
            'int32',
          ),
          2,
          2,
        ),
      [wave([2, 2, 3], (i) => Math.sin(i + 1))],
    );
  });

  it('never reads a neighbouring batch element for an out-of-range index tensor (the kernel raises)', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => gather(x, tensor([[3], [0]], [2, 1], 'int32'), 1, 1).dataSync()).toThrow(
      /index value 3 is not in \[0, 2\]/,
    );
  });

  it('leaks no tensors', () => {
    const x = reshape(range(12), [3, 4]);
    const before = memory().numTensors;
    dispose(gather(x, [1, 2], 1));
    dispose(gather(x, [[1], [2], [0]], 1, 1));
    expect(() => gather(x, [7])).toThrow();
    expect(memory().numTensors).toBe(before);
  });
});

describe('gatherND', () => {
  const x = () =>
    tensor([
      [1, 2],
      [3, 4],
    ]);

  it('gathers elements and slices by index tuples', () => {
    expect(
      values(
        gatherND(x(), [
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toEqual([3, 2]);
    expect(gatherND(x(), [[1]]).arraySync()).toEqual([[3, 4]]);
    const s = gatherND(x(), [1, 0]);
    expect(s.shape).toEqual([]);
    expect(values(s)).toEqual([3]);
    const b = gatherND(x(), tensor([[[0, 0]], [[1, 1]]], [2, 1, 2], 'int32'));
    expect(b.arraySync()).toEqual([[1], [4]]);
    const y = reshape(range(24), [2, 3, 4]);
    expect(
      gatherND(y, [
        [1, 2],
        [0, 0],
      ]).arraySync(),
    ).toEqual([
      [20, 21, 22, 23],
      [0, 1, 2, 3],
    ]);
  });

  it('checks dtype, depth and (for JavaScript indices) range', () => {
    expect(() => gatherND(x(), tensor([[1, 0]]))).toThrow(DTypeError);
    expect(() => gatherND(x(), [[0, 0, 0]])).toThrow(/last dimension \(index depth\) in \[1, 2\]/);
    expect(() => gatherND(x(), [[0, 2]])).toThrow(ShapeError);
    expect(() => gatherND(x(), [[0, 2]])).toThrow(
      /index tuple \[0, 2\] is out of range for shape \[2,2\]: entry 1 is 2/,
    );
  });

  it('is differentiable, repeated indices adding up', () => {
    checkGradients(
      (a) =>
        gatherND(a, [
          [1, 0],
          [0, 1],
          [1, 0],
        ]),
      [wave([2, 2], (i) => Math.sin(i + 1))],
    );
    checkGradients(
      (a) =>
        gatherND(a, [
          [1, 2],
          [0, 0],
        ]),
      [wave([2, 3, 4], (i) => Math.sin(i + 1))],
    );
  });

  it('leaks no tensors, also through its custom gradient', () => {
    const t = x();
    const w = wave([2, 2, 3], (i) => Math.sin(i + 1));
    const before = memory().numTensors;
    dispose(gatherND(t, [[1, 1]]));
    dispose(
      grad((a: Tensor) =>
        sum(
          gatherND(a, [
            [1, 0],
            [1, 0],
          ]),
        ),
      )(t),
    );
    dispose(
      grad((a: Tensor) =>
        sum(
          gather(
            a,
            [
              [0, 2],
              [1, 1],
            ],
            2,
            1,
          ),
        ),
      )(w),
    );
    expect(memory().numTensors).toBe(before);
  });
});
