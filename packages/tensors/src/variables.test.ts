import { describe, expect, it } from 'vitest';
import {
  assign,
  assignAdd,
  assignSub,
  memory,
  mul,
  ShapeError,
  sum,
  tensor,
  valueAndGrads,
  variable,
} from './index.js';
import { values } from './test-utils.js';

describe('variables', () => {
  it('assign, assignAdd, assignSub update in place without leaking', () => {
    const v = variable(tensor([1, 2]), { name: 'v_test', trainable: false });
    expect(v.name).toBe('v_test');
    expect(v.trainable).toBe(false);
    const before = memory().numTensors;
    assign(v, [5, 6]);
    assignAdd(v, [1, 1]);
    assignSub(v, [2, 2]);
    expect(values(v)).toEqual([4, 5]);
    expect(memory().numTensors).toBe(before);
    v.dispose();
  });

  it('a value of another shape is a ShapeError naming both shapes', () => {
    const v = variable(tensor([1, 2]), { name: 'w_shape' });
    expect(() => assign(v, [1, 2, 3])).toThrow(ShapeError);
    expect(() => assign(v, [1, 2, 3])).toThrow(/'w_shape' has shape \[2\] but the value has shape \[3\]/);
    v.dispose();
  });

  it('casts to a requested dtype', () => {
    const v = variable([1.7, 2.2], { dtype: 'int32' });
    expect(v.dtype).toBe('int32');
    v.dispose();
  });

  it('valueAndGrads(f, variables) differentiates w.r.t. variables; unused ones get zeros', () => {
    const w = variable(tensor([2, 3]));
    const unused = variable(tensor([1]));
    const { value, grads } = valueAndGrads(() => sum(mul(w, w)), [w, unused]);
    expect(values(value)).toEqual([13]);
    expect(values(grads[0])).toEqual([4, 6]);
    expect(values(grads[1])).toEqual([0]);
    w.dispose();
    unused.dispose();
  });
});
