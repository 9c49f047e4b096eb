import { describe, expect, it } from 'vitest';
import { dispose, keep, memory, square, sum, tensor, tidy } from './index.js';
import { expectNoLeaks, expectStableTensorCount, TensorLeakError } from './testing/index.js';

describe('memory scopes and the leak helper', () => {
  it('tidy frees intermediates and keeps what it returns', () => {
    const x = tensor([1, 2, 3]);
    const before = memory().numTensors;
    let kept: ReturnType<typeof tensor> | undefined;
    const y = tidy(() => {
      kept = keep(square(x));
      return sum(square(x));
    });
    expect(memory().numTensors).toBe(before + 2);
    dispose([y, kept!, x]);
    expect(memory().numTensors).toBe(before - 1);
  });

  it('expectNoLeaks fails when code leaks and passes when it does not', async () => {
    const x = tensor([1, 2]);
    await expect(expectNoLeaks(() => void square(x))).rejects.toThrow(TensorLeakError);
    const r = await expectNoLeaks(() => tidy(() => sum(square(x))));
    r.dispose();
    await expect(expectStableTensorCount(() => void square(x), 3)).rejects.toThrow(/went from/);
    await expectStableTensorCount(() => tidy(() => sum(square(x))), 3);
  });
});
