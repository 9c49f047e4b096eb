import { describe, it } from 'vitest';
import { expectNoLeak, expectSameAsCpu, rand, runAndDispose } from '../test-setup.js';

// Tolerance: 1e-4 relative/absolute (TOL in test-setup), against tfjs's cpu kernels.
// tfjs-backend-wasm's own Dilation2D (stride 1) and its gradients (batch > 1) fail these.

const configs: Array<[string, number[], number[], { strides: number; pad: 'same' | 'valid'; dilations: number }]> = [
  ['s1 same d1', [2, 6, 7, 2], [2, 3, 2], { strides: 1, pad: 'same', dilations: 1 }],
  ['s1 valid d2', [2, 6, 7, 2], [2, 3, 2], { strides: 1, pad: 'valid', dilations: 2 }],
  ['s2 same d1', [3, 6, 7, 3], [3, 3, 3], { strides: 2, pad: 'same', dilations: 1 }],
  ['s2 valid d2', [2, 8, 7, 2], [2, 2, 2], { strides: 2, pad: 'valid', dilations: 2 }],
];

function out(xs: number[], fs: number[], a: { strides: number; pad: 'same' | 'valid'; dilations: number }) {
  const eff = (k: number) => (k - 1) * a.dilations + 1;
  const o = (n: number, k: number) =>
    a.pad === 'same' ? Math.ceil(n / a.strides) : Math.ceil((n - eff(k) + 1) / a.strides);
  return [xs[0], o(xs[1], fs[0]), o(xs[2], fs[1]), xs[3]];
}

describe('Dilation2D, Dilation2DBackpropInput, Dilation2DBackpropFilter (replaced: wrong)', () => {
  for (const [name, xs, fs, a] of configs) {
    it(`forward matches cpu: ${name}`, async () => {
      await expectSameAsCpu('Dilation2D', { x: rand(xs), filter: rand(fs) }, a);
    });
    it(`input gradient matches cpu: ${name}`, async () => {
      const ins = { x: rand(xs), filter: rand(fs), dy: rand(out(xs, fs, a)) };
      await expectSameAsCpu('Dilation2DBackpropInput', ins, a);
    });
    it(`filter gradient matches cpu: ${name}`, async () => {
      const ins = { x: rand(xs), filter: rand(fs), dy: rand(out(xs, fs, a)) };
      await expectSameAsCpu('Dilation2DBackpropFilter', ins, a);
    });
  }
  it('leak nothing', async () => {
    const [, xs, fs, a] = configs[0];
    const ins = { x: rand(xs), filter: rand(fs), dy: rand(out(xs, fs, a)) };
    await expectNoLeak(() => {
      runAndDispose('Dilation2D', { x: ins.x, filter: ins.filter }, a);
      runAndDispose('Dilation2DBackpropInput', ins, a);
      runAndDispose('Dilation2DBackpropFilter', ins, a);
    });
  });
});
