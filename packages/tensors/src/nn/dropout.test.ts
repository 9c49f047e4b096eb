// Inverted dropout: survivors are scaled by exactly 1 / (1 - rate), the mask is
// uniform >= rate from the package's seeded uniform generator (so a seed gives
// the same mask on every backend), and the drop fraction is binomial.
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { randomUniform, setSeed, tensor } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { tfc } from '../tfjs.js';
import { dropout } from './dropout.js';

const values = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

describe('dropout', () => {
  const x = tfc.add(tfc.range(0, 64, 1, 'float32'), 1);

  it('zeroes entries where uniform(seed) < rate and scales the rest by 1 / (1 - rate)', () => {
    const y = values(dropout(x, 0.25, { seed: 42 }));
    const u = values(randomUniform([64], 0, 1, 'float32', 42));
    const xs = values(x);
    y.forEach((v, i) => {
      if (u[i] >= 0.25) expect(v).toBeCloseTo(xs[i] / 0.75, 4);
      else expect(v).toBe(0);
    });
    expect(y.filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  it('the same seed gives the same mask; the global seed makes unseeded calls repeat', () => {
    expect(values(dropout(x, 0.5, { seed: 7 }))).toEqual(values(dropout(x, 0.5, { seed: 7 })));
    expect(values(dropout(x, 0.5, { seed: 7 }))).not.toEqual(values(dropout(x, 0.5, { seed: 8 })));
    setSeed(123);
    const a = values(dropout(x, 0.5));
    const b = values(dropout(x, 0.5));
    setSeed(123);
    expect(values(dropout(x, 0.5))).toEqual(a);
    expect(values(dropout(x, 0.5))).toEqual(b);
    expect(a).not.toEqual(b);
  });

  it('drops a fraction close to rate and keeps the mean (20000 draws, 4.6 sigma bounds)', () => {
    const y = dropout(tfc.ones([20000]), 0.3, { seed: 1 });
    const dropped = values(y).filter((v) => v === 0).length / 20000;
    expect(Math.abs(dropped - 0.3)).toBeLessThan(0.015);
    expect(Math.abs(tfc.mean(y).dataSync()[0] - 1)).toBeLessThan(0.022);
  });

  it('noiseShape shares one draw along the axes given as 1', () => {
    const y = dropout(tfc.ones([4, 16]), 0.5, { seed: 3, noiseShape: [1, null] });
    const rows = (y.arraySync() as number[][]).map((r) => r.join(','));
    expect(new Set(rows).size).toBe(1);
    expect(rows[0]).toMatch(/0/);
    expect(rows[0]).toMatch(/2/);
  });

  it('rate 0 returns a copy', () => {
    const y = dropout(x, 0);
    expect(values(y)).toEqual(values(x));
    expect(y).not.toBe(x);
  });

  it('rejects a rate outside [0, 1), a bad noiseShape and integer input', () => {
    expect(() => dropout(x, 1)).toThrow(ValueError);
    expect(() => dropout(x, -0.1)).toThrow(/rate must be in \[0, 1\), got -0.1/);
    expect(() => dropout(x, Number.NaN)).toThrow(ValueError);
    expect(() => dropout(tfc.ones([2, 3]), 0.5, { noiseShape: [2, 2] })).toThrow(ShapeError);
    expect(() => dropout(tfc.ones([2, 3]), 0.5, { noiseShape: [3] })).toThrow(
      /noiseShape \[3\] does not broadcast to x \[2,3\]/,
    );
    expect(() => dropout(tensor([1, 2], [2], 'int32'), 0.5)).toThrow(DTypeError);
  });

  it('leaks nothing', async () => {
    const y = await expectNoLeaks(() => dropout(x, 0.5, { seed: 1, noiseShape: [null] }));
    y.dispose();
  });
});
