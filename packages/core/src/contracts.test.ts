import { tensor } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { type Batch, type DatasetLike, isDatasetLike } from './index.js';

describe('contracts', () => {
  it('isDatasetLike recognizes async iterables only', async () => {
    const ds: DatasetLike = {
      async *[Symbol.asyncIterator](): AsyncGenerator<Batch> {
        yield [tensor([1]), tensor([2])];
      },
    };
    expect(isDatasetLike(ds)).toBe(true);
    expect(isDatasetLike([tensor([1])])).toBe(false);
    expect(isDatasetLike(tensor([1]))).toBe(false);
    let n = 0;
    for await (const [x] of ds) n += (x as ReturnType<typeof tensor>).size;
    expect(n).toBe(1);
  });
});
