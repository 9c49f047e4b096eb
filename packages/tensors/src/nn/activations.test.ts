// Activations against Keras 3's formulas evaluated in float64 by hand
// (math.erf, math.tanh): gelu exact 0.5 x (1 + erf(x / sqrt 2)), gelu tanh
// approximation, silu x sigmoid(x), mish x tanh(softplus(x)), hard sigmoid
// relu6(x + 3) / 6, softsign x / (|x| + 1). Compared to 1e-5 (tfjs's erf is
// accurate to ~1e-7).
import { describe, expect, it } from 'vitest';
import { DTypeError } from '../errors.js';
import { tensor } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import type { Tensor } from '../tfjs.js';
import { gelu, hardSigmoid, hardSilu, hardSwish, mish, silu, softsign, swish } from './activations.js';

function expectClose(t: Tensor, expected: number[], tol = 1e-5): void {
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const xs = tensor([-3, -1, -0.5, 0, 0.5, 1, 2.5]);

describe('activations', () => {
  it('gelu, exact by default', () => {
    expectClose(gelu(xs), [-0.0040497, -0.1586553, -0.1542688, 0, 0.3457312, 0.8413447, 2.4844758]);
  });

  it('gelu, tanh approximation', () => {
    expectClose(gelu(xs, true), [-0.0036374, -0.158808, -0.154286, 0, 0.345714, 0.841192, 2.4849157]);
  });

  it('silu and its alias swish', () => {
    const want = [-0.1422776, -0.2689414, -0.1887703, 0, 0.3112297, 0.7310586, 2.3103545];
    expectClose(silu(xs), want);
    expectClose(swish(xs), want);
  });

  it('mish', () => {
    expectClose(mish(xs), [-0.1456475, -0.3034015, -0.2207438, 0, 0.3752452, 0.8650984, 2.4713923]);
  });

  it("hardSigmoid is Keras 3's relu6(x + 3) / 6, hardSilu / hardSwish multiply it by x", () => {
    const x = tensor([-4, -3, -1.5, 0, 1.5, 3, 4]);
    expectClose(hardSigmoid(x), [0, 0, 0.25, 0.5, 0.75, 1, 1]);
    expectClose(hardSilu(x), [-0, -0, -0.375, 0, 1.125, 3, 4]);
    expectClose(hardSwish(x), [-0, -0, -0.375, 0, 1.125, 3, 4]);
  });

  it('softsign', () => {
    expectClose(softsign(tensor([-3, -1, 0, 1, 4])), [-0.75, -0.5, 0, 0.5, 0.8]);
  });

  it('accepts plain arrays, rejects integer tensors, leaks nothing', async () => {
    expectClose(softsign([1, -1]), [0.5, -0.5]);
    expect(() => gelu(tensor([1], [1], 'int32'))).toThrow(DTypeError);
    expect(() => gelu(tensor([1], [1], 'int32'))).toThrow(/gelu: x must be float32, got int32/);
    for (const f of [gelu, silu, mish, hardSigmoid, hardSilu, softsign]) {
      const y = await expectNoLeaks(() => f(xs));
      y.dispose();
    }
  });
});
