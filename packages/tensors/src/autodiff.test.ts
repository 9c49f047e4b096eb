import { describe, expect, it } from 'vitest';
import { GradientTape, grad, memory, pow, scalar, square, sum, tensor, tidy } from './index.js';
import { checkGradients } from './testing/index.js';

describe('autodiff smoke', () => {
  it('the derivative of x^3 at 2 is 12', () => {
    expect(grad((x) => pow(x, 3))(scalar(2)).dataSync()[0]).toBeCloseTo(12, 5);
  });

  it('checkGradients accepts a correct gradient', () => {
    expect(checkGradients((x) => square(x), [tensor([0.5, -1, 2])])).toBeLessThan(1e-2);
  });

  it('GradientTape differentiates recorded ops and frees its saved tensors', () => {
    const x = tensor([1, 2, 3]);
    const before = memory().numTensors;
    const tape = new GradientTape();
    const y = tape.record(() => tidy(() => sum(square(x))));
    const [dx] = tape.gradient(y, [x]);
    expect(Array.from(dx.dataSync())).toEqual([2, 4, 6]);
    y.dispose();
    dx.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
