// linear / fusedMatMul against hand-computed pre-activations
// x @ k + b = [[-1.1, 0.5], [0.82, -1.12]] and each activation's formula.
// Float32, compared to 1e-5.
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { add, matMul, tensor } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { fusedMatMul, linear } from './fused.js';

function expectClose(t: Tensor, expected: number[], shape?: number[], tol = 1e-5): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const x = tensor([
  [0.5, -1.0, 2.0],
  [1.5, 0.3, -0.7],
]);
const k = tensor([
  [0.2, -0.4],
  [0.7, 0.1],
  [-0.3, 0.5],
]);
const b = tensor([0.1, -0.2]);
const pre = [-1.1, 0.5, 0.82, -1.12];

describe('linear', () => {
  const expected: Record<string, number[]> = {
    linear: pre,
    relu: [0, 0.5, 0.82, 0],
    relu6: [0, 0.5, 0.82, 0],
    elu: [-0.66712892, 0.5, 0.82, -0.67372021],
    sigmoid: [0.24973989, 0.62245933, 0.69423634, 0.24601128],
    leakyrelu: [-0.22, 0.5, 0.82, -0.224],
  };
  for (const [activation, want] of Object.entries(expected)) {
    it(`activation ${activation}`, () => {
      expectClose(linear(x, k, b, activation as 'relu'), want, [2, 2]);
    });
  }

  it("Keras spellings, leakyrelu's alpha and prelu's alpha tensor", () => {
    expectClose(linear(x, k, b, 'leaky_relu', 0.3), [-0.33, 0.5, 0.82, -0.336]);
    expectClose(linear(x, k, b, 'leakyRelu'), expected.leakyrelu);
    expectClose(linear(x, k, b, 'prelu', tensor([0.2, 0.3])), [-0.22, 0.5, 0.82, -0.336]);
    expectClose(linear(x, k, b, null), pre);
  });

  it('any rank of x: the product runs over the last axis', () => {
    const x3 = tfc.stack([x, tfc.mul(x, 2)]);
    const y = linear(x3, k, null, 'linear');
    expect(y.shape).toEqual([2, 2, 2]);
    expectClose(y, [...Array.from(matMul(x, k).dataSync()), ...Array.from(matMul(tfc.mul(x, 2), k).dataSync())]);
    expectClose(linear(tensor([0.5, -1.0, 2.0]), k, b), [-1.1, 0.5], [2]);
  });

  it('shape errors name x, kernel and bias', () => {
    expect(() => linear(tfc.ones([2, 4]), k)).toThrow(ShapeError);
    expect(() => linear(tfc.ones([2, 4]), k)).toThrow(
      /linear: x of shape \[2,4\] has 4 features.*kernel \[3,2\] expects 3/,
    );
    expect(() => linear(x, k, tensor([1, 2, 3]))).toThrow(/bias must have shape \[2\].*got \[3\]/);
    expect(() => linear(x, tfc.ones([3]))).toThrow(/kernel must have shape \[inFeatures, units\]/);
    expect(() => linear(x, k, b, 'gelu' as never)).toThrow(ValueError);
    expect(() => linear(x, k, b, 'prelu')).toThrow(/'prelu' needs alpha/);
  });

  it('leaks nothing', async () => {
    const y = await expectNoLeaks(() => linear(x, k, b, 'elu'));
    y.dispose();
  });
});

describe('fusedMatMul', () => {
  it('transposes, batch broadcasting, bias and activation', () => {
    const kt = tfc.transpose(k);
    expectClose(fusedMatMul(x, kt, { transposeB: true, bias: b, activation: 'relu' }), [0, 0.5, 0.82, 0]);
    expectClose(fusedMatMul(tfc.transpose(x), k, { transposeA: true, bias: b }), pre);
    const xb = tfc.stack([x, x]);
    const y = fusedMatMul(xb, k, { bias: b, activation: 'sigmoid' });
    expect(y.shape).toEqual([2, 2, 2]);
    expectClose(tfc.slice(y, [1, 0, 0], [1, 2, 2]), [0.24973989, 0.62245933, 0.69423634, 0.24601128]);
    // a bias that broadcasts over rows as well as columns
    const full = tensor([
      [1, 2],
      [3, 4],
    ]);
    expectClose(fusedMatMul(x, k, { bias: full }), Array.from(add(matMul(x, k), full).dataSync()));
  });

  it('rejects mismatched operands and a bias that does not fit', () => {
    expect(() => fusedMatMul(x, x)).toThrow(/fusedMatMul: inner dimensions differ: \[2,3\] @ \[2,3\] \(3 vs 2\)/);
    expect(() => fusedMatMul(x, k, { bias: tensor([1, 2, 3]) })).toThrow(
      /bias of shape \[3\] does not broadcast to the product's shape \[2,2\]/,
    );
    expect(() => fusedMatMul(tensor([1, 2]), k)).toThrow(/rank >= 2/);
  });
});
