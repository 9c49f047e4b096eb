// Gradients through complex64 tensors. tfjs's tape carries only float32
// gradients: the real part of the true gradient of a complex64 tensor. So
// Complex (w.r.t. real), Real and ComplexAbs differentiate; Complex w.r.t.
// imag and Imag, which need the imaginary part, throw a DTypeError.
// Hand-derived values (to 1e-5) and checkGradients (eps 1e-2, rtol 1e-2, atol 2e-3).
import { describe, expect, it } from 'vitest';
import { DTypeError } from '../errors.js';
import { expectClose } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { complexGradConfig } from './complex.js';

const a = tfc.tensor([0.3, -1.2, 0.8]);
const b = tfc.tensor([0.5, 0.7, -0.4]);
const sumOf = (f: (x: Tensor) => Tensor) => (x: Tensor) => tfc.sum(f(x));

describe('Complex (w.r.t. real) and Real', () => {
  it('real(complex(a, b)) * w: d a = w', () => {
    const w = tfc.tensor([1, 2, 3]);
    expectClose(tfc.grad(sumOf((x) => tfc.mul(tfc.real(tfc.complex(x, b)), w)))(a), [1, 2, 3]);
  });

  // (Not through slice: tfjs-backend-cpu's Slice rejects complex64 and
  // tfjs-backend-wasm's returns wrong values for it.)
  it('through reshape, add, a complex factor and a cast, against finite differences', () => {
    const w = tfc.complex(tfc.tensor([[2], [-1], [0.5]]), tfc.tensor([[1], [0.3], [-2]]));
    checkGradients(
      (x) => {
        const z = tfc.reshape(tfc.complex(x, b), [3, 1]);
        return tfc.add(tfc.real(tfc.mul(tfc.add(z, z), w)), tfc.mul(tfc.cast(z, 'float32'), 3));
      },
      [a],
    );
  });

  it("Complex's rule for a complex64 dy: real(dy) and imag(dy)", () => {
    const dy = tfc.complex(tfc.tensor([1, 2]), tfc.tensor([3, 4]));
    const grads = complexGradConfig.gradFunc(dy, [], {});
    expectClose(grads.real(), [1, 2]);
    expectClose(grads.imag(), [3, 4]);
  });
});

describe('ComplexAbs', () => {
  it('d|a + bi|/da = a / |z| (0 at z = 0), where tfjs gave sign(a)', () => {
    const x = tfc.tensor([3, -1, 0]);
    const y = tfc.tensor([4, 0, 0]);
    expectClose(tfc.grad(sumOf((t) => tfc.abs(tfc.complex(t, y))))(x), [3 / 5, -1, 0]);
  });

  it('|x + c| for a complex constant c, |x * 1| and |x + bi| w.r.t. x, against finite differences', () => {
    const c = tfc.complex(tfc.tensor([0.5, -0.2, 1]), tfc.tensor([1, 0.4, -0.7]));
    checkGradients((x) => tfc.abs(tfc.add(tfc.complex(x, tfc.zeros([3])), c)), [a]);
    checkGradients(
      (x) => tfc.abs(tfc.mul(tfc.complex(x, tfc.zeros([3])), tfc.complex(tfc.ones([3]), tfc.zeros([3])))),
      [a],
    );
    checkGradients((x) => tfc.abs(tfc.complex(x, b)), [a]);
  });
});

describe('gradients that need the imaginary part throw a DTypeError', () => {
  it('complex() w.r.t. its imaginary part (even through zerosLike: the tape cannot tell)', () => {
    expect(() => tfc.grad(sumOf((x) => tfc.abs(tfc.complex(x, tfc.zerosLike(x)))))(a)).toThrow(DTypeError);
    const g = () => tfc.grad(sumOf((y) => tfc.real(tfc.complex(a, y))))(b);
    expect(g).toThrow(DTypeError);
    expect(g).toThrow(/complex\(\) with respect to its imaginary part.*imag\(dy\)/);
  });

  it('imag()', () => {
    const g = () => tfc.grad(sumOf((y) => tfc.imag(tfc.complex(a, y))))(b);
    expect(g).toThrow(DTypeError);
    expect(g).toThrow(/imag\(\).*complex\(0, dy\)/);
  });
});
