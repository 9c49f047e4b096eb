import { describe, expect, it } from 'vitest';
import { expectClose, expectNoLeak, expectSameAsCpu, ints, rand, run, runAndDispose, use } from '../test-setup.js';

// Tolerance: 1e-4 relative/absolute (TOL in test-setup), against tfjs's cpu kernels
// (and direct loops where cpu fails).

describe('UnsortedSegmentSum (added)', () => {
  it('matches cpu: rows of a matrix', async () => {
    await expectSameAsCpu(
      'UnsortedSegmentSum',
      { x: rand([6, 3]), segmentIds: ints([6], [0, 2, 2, 1, 0, 3]) },
      { numSegments: 4 },
    );
  });
  it('matches cpu: 3D x, empty segments, more segments than ids', async () => {
    await expectSameAsCpu(
      'UnsortedSegmentSum',
      { x: rand([5, 2, 3]), segmentIds: ints([5], [4, 4, 0, 6, 0]) },
      { numSegments: 8 },
    );
  });
  it('matches cpu: 1D x', async () => {
    await expectSameAsCpu(
      'UnsortedSegmentSum',
      { x: rand([7]), segmentIds: ints([7], [1, 1, 1, 0, 2, 2, 0]) },
      { numSegments: 3 },
    );
  });
  it('matches cpu: int32 and dropped negative ids', async () => {
    const x = ints([5, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await expectSameAsCpu('UnsortedSegmentSum', { x, segmentIds: ints([5], [1, 0, 1, -1, 2]) }, { numSegments: 3 });
  });
  it('sums over 2D segment ids (direct loop; cpu fails on this)', async () => {
    const x = rand([2, 3, 4]);
    const ids = [0, 1, 1, 2, 0, 2];
    await use('wasm');
    const got = run('UnsortedSegmentSum', { x, segmentIds: ints([2, 3], ids) }, { numSegments: 3 });
    const ref = new Float64Array(12);
    ids.forEach((s, i) => {
      for (let j = 0; j < 4; j++) ref[s * 4 + j] += x.data[i * 4 + j];
    });
    expect(got.shape).toEqual([3, 4]);
    expectClose(got.values, ref);
  });
  it('leaks nothing', async () => {
    await expectNoLeak(() =>
      runAndDispose(
        'UnsortedSegmentSum',
        { x: rand([6, 3]), segmentIds: ints([6], [0, 2, 2, 1, 0, 3]) },
        { numSegments: 4 },
      ),
    );
  });
});

describe('GatherV2 (replaced for batchDims > 0)', () => {
  const cases: Array<[string, number[], number[], number[], number, number]> = [
    ['batchDims 1, axis 1', [2, 5, 3], [2, 3], [0, 4, 4, 1, 2, 1], 1, 1],
    ['batchDims 1, axis 2', [2, 3, 5, 2], [2, 4], [0, 4, 1, 1, 3, 2, 0, 0], 2, 1],
    ['batchDims 2, axis 2', [2, 3, 4], [2, 3, 2], [0, 3, 1, 1, 2, 0, 3, 3, 0, 1, 2, 2], 2, 2],
    ['batchDims 1, axis -1', [3, 4], [3, 2], [3, 0, 1, 1, 2, 3], -1, 1],
    ['batchDims 0 (original kernel), axis 0', [6, 4], [2, 3], [0, 5, 2, 2, 1, 0], 0, 0],
    ['batchDims 0 (original kernel), axis 1', [3, 6, 2], [4], [5, 0, 3, 3], 1, 0],
  ];
  for (const [name, xs, is, iv, axis, batchDims] of cases) {
    it(`matches cpu: ${name}`, async () => {
      await expectSameAsCpu('GatherV2', { x: rand(xs), indices: ints(is, iv) }, { axis, batchDims });
    });
  }
  it('matches cpu on int32 data', async () => {
    const x = ints([2, 4], [1, 2, 3, 4, 5, 6, 7, 8]);
    await expectSameAsCpu('GatherV2', { x, indices: ints([2, 2], [3, 0, 1, 1]) }, { axis: 1, batchDims: 1 });
  });
  it('rejects an index out of range', async () => {
    await use('wasm');
    expect(() =>
      run('GatherV2', { x: rand([2, 5, 3]), indices: ints([2, 1], [0, 5]) }, { axis: 1, batchDims: 1 }),
    ).toThrow(/index value 5/);
  });
  it('leaks nothing', async () => {
    await expectNoLeak(() => {
      runAndDispose(
        'GatherV2',
        { x: rand([2, 5, 3]), indices: ints([2, 3], [0, 4, 4, 1, 2, 1]) },
        { axis: 1, batchDims: 1 },
      );
      runAndDispose('GatherV2', { x: rand([6, 4]), indices: ints([3], [0, 5, 2]) }, { axis: 0, batchDims: 0 });
    });
  });
});
