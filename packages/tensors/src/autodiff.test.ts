import { describe, expect, it } from 'vitest';
import {
  add,
  customGrad,
  exp,
  GradientTape,
  grad,
  grads,
  memory,
  mul,
  pow,
  ShapeError,
  scalar,
  sin,
  square,
  stopGradient,
  sum,
  tensor,
  tidy,
  valueAndGrad,
  valueAndGrads,
  variable,
} from './index.js';
import { values } from './test-utils.js';
import { checkGradients, GradientCheckError } from './testing/index.js';

describe('autodiff', () => {
  it('the derivative of x^3 at 2 is 12', () => {
    expect(values(grad((x) => pow(x, 3))(scalar(2)))[0]).toBeCloseTo(12, 5);
  });

  it('grads, valueAndGrad, valueAndGrads(f)', () => {
    const [ta, tb] = [tensor([1, 2]), tensor([3, 4])];
    const before = memory().numTensors;
    const [da, db] = grads((a, b) => sum(mul(a, b)))([ta, tb]);
    expect(memory().numTensors).toBe(before + 2);
    expect(values(da)).toEqual([3, 4]);
    expect(values(db)).toEqual([1, 2]);
    const { value, grad: g } = valueAndGrad((x) => sum(exp(x)))(tensor([0, 1]));
    expect(values(value)[0]).toBeCloseTo(1 + Math.E, 5);
    expect(values(g)[1]).toBeCloseTo(Math.E, 5);
    const r = valueAndGrads((a, b) => sum(add(a, b)))([tensor([1]), tensor([2])]);
    expect(values(r.value)).toEqual([3]);
  });

  it('a non-scalar f without dy is a ShapeError', () => {
    expect(() => grad((x) => square(x))(tensor([1, 2]))).toThrow(ShapeError);
    expect(values(grad((x) => square(x))(tensor([1, 2]), tensor([1, 1])))).toEqual([2, 4]);
  });

  it('customGrad and stopGradient', () => {
    const clipped = customGrad((x: never, save: never) => {
      (save as (t: unknown[]) => void)([x]);
      return { value: square(x as never), gradFunc: (dy) => mul(dy, 100) };
    });
    expect(values(grad((x) => sum(clipped(x)))(tensor([1, 2])))).toEqual([100, 100]);
    expect(values(grad((x) => sum(mul(stopGradient(x), x)))(tensor([3])))).toEqual([3]);
  });

  it('GradientTape: persistent tapes answer twice; gradients leave no tensors behind', () => {
    const x = tensor([1, 2, 3]);
    const before = memory().numTensors;
    const tape = new GradientTape({ persistent: true });
    const y = tape.record(() => tidy(() => sum(mul(sin(x), x))));
    const [d1] = tape.gradient(y, [x]);
    const [d2] = tape.gradient(y, [x]);
    const expected = [1, 2, 3].map((v) => Math.sin(v) + v * Math.cos(v));
    expect(values(d1)).toEqual(expected.map((e) => expect.closeTo(e, 5)));
    expect(values(d2)).toEqual(values(d1));
    tape.dispose();
    y.dispose();
    d1.dispose();
    d2.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('a non-persistent tape refuses a second gradient', () => {
    const x = tensor([1]);
    const tape = new GradientTape();
    const y = tape.record(() => sum(square(x)));
    tape.gradient(y, [x]);
    expect(() => tape.gradient(y, [x])).toThrow(/only once/);
  });

  it('checkGradients catches a wrong gradient', () => {
    const wrong = customGrad((x: never) => ({ value: square(x as never), gradFunc: (dy) => mul(dy, 3) }));
    expect(() => checkGradients((x) => wrong(x), [tensor([0.5, 1.5])])).toThrow(GradientCheckError);
  });

  it('frees what the tape saved when the function throws', () => {
    const w = variable(tensor([1, 2, 3]));
    const before = memory().numTensors;
    const failing = () => {
      const y = mul(square(w), 2); // saves tensors for the backward pass
      if (y.size === 3) throw new Error('boom');
      return y;
    };
    for (let i = 0; i < 3; i++) expect(() => valueAndGrads(failing, [w])).toThrow('boom');
    expect(memory().numTensors).toBe(before);
    const { value, grads: g } = valueAndGrads(() => sum(mul(w, w)), [w]); // still works afterwards
    expect(Array.from(g[0].dataSync())).toEqual([2, 4, 6]);
    value.dispose();
    g[0].dispose();
    w.dispose();
  });
});
