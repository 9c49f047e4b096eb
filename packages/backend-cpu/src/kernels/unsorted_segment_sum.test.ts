import { describe, expect, it } from 'vitest';
import { expectClose, expectNoLeak, ints, rand, run, runAndDispose, useCpu } from '../test-setup.js';

// Tolerance: 1e-5 relative/absolute (TOL in test-setup), against direct loops.

/** Direct-loop segment sum: `ids` covers the leading dimensions of x, `inner` values per id. */
function reference(x: ArrayLike<number>, ids: number[], inner: number, numSegments: number): Float64Array {
  const out = new Float64Array(numSegments * inner);
  ids.forEach((s, i) => {
    if (s < 0 || s >= numSegments) return;
    for (let j = 0; j < inner; j++) out[s * inner + j] += x[i * inner + j];
  });
  return out;
}

describe('UnsortedSegmentSum (replaced)', () => {
  it('sums over 2-D segment ids', async () => {
    await useCpu();
    const x = rand([2, 3, 4]);
    const ids = [0, 1, 1, 2, 0, 2];
    const got = run('UnsortedSegmentSum', { x, segmentIds: ints([2, 3], ids) }, { numSegments: 3 });
    expect(got.shape).toEqual([3, 4]);
    expectClose(got.values, reference(x.data, ids, 4, 3));
  });

  it('sums over 1-D ids, with empty segments and dropped out-of-range ids', async () => {
    await useCpu();
    const x = rand([6, 2, 3]);
    const ids = [4, 4, 0, 6, -1, 0];
    const got = run('UnsortedSegmentSum', { x, segmentIds: ints([6], ids) }, { numSegments: 6 });
    expect(got.shape).toEqual([6, 2, 3]);
    expectClose(got.values, reference(x.data, ids, 6, 6));
  });

  it('keeps int32', async () => {
    await useCpu();
    const got = run(
      'UnsortedSegmentSum',
      { x: ints([2, 2], [1, 2, 3, 4]), segmentIds: ints([2, 2], [1, 1, 0, 1]) },
      { numSegments: 2 },
    );
    expect(got.dtype).toBe('int32');
    expect(Array.from(got.values)).toEqual([3, 7]);
  });

  it('leaks nothing', async () => {
    await expectNoLeak(() =>
      runAndDispose(
        'UnsortedSegmentSum',
        { x: rand([2, 3]), segmentIds: ints([2, 3], [0, 1, 1, 2, 0, 2]) },
        {
          numSegments: 3,
        },
      ),
    );
  });
});
