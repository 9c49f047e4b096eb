import { describe, expect, it } from 'vitest';
import {
  multinomial,
  randomInt,
  randomNormal,
  randomUniform,
  setBackend,
  setSeed,
  shuffle,
  tensor,
  truncatedNormal,
} from './index.js';
import { values } from './test-utils.js';

const testBackend = process.env.LAYERWISE_TEST_BACKEND ?? 'cpu';

describe('seeded random numbers', () => {
  it('the same seed gives the same numbers on cpu and wasm', async () => {
    const draw = () => [
      values(randomNormal([5], 0, 1, 'float32', 3)),
      values(randomUniform([5], -1, 1, 'float32', 3)),
      values(truncatedNormal([5], 0, 1, 'float32', 3)),
      values(randomInt([5], 0, 100, 3)),
      values(shuffle(tensor([1, 2, 3, 4, 5]), 3)),
      values(multinomial(tensor([[0, 1, 2]]), 6, 3)),
    ];
    await setBackend('cpu');
    const onCpu = draw();
    await setBackend('wasm');
    const onWasm = draw();
    await setBackend(testBackend);
    expect(onWasm).toEqual(onCpu);
  });

  it('setSeed makes unseeded calls repeat', () => {
    setSeed(42);
    const a = [values(randomNormal([4])), values(randomUniform([4]))];
    setSeed(42);
    const b = [values(randomNormal([4])), values(randomUniform([4]))];
    expect(b).toEqual(a);
    expect(a[0]).not.toEqual(values(randomNormal([4])));
  });

  it('distributions have the right range and moments (n=20000, 3 sigma bounds)', () => {
    const n = 20000;
    const normal = values(randomNormal([n], 2, 3, 'float32', 1));
    const mean = normal.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(normal.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(Math.abs(mean - 2)).toBeLessThan((3 * 3) / Math.sqrt(n));
    expect(Math.abs(sd - 3)).toBeLessThan(0.1);
    const tn = values(truncatedNormal([n], 0, 1, 'float32', 2));
    expect(Math.max(...tn.map(Math.abs))).toBeLessThanOrEqual(2);
    const ints = values(randomInt([n], 5, 8, 4));
    expect(new Set(ints)).toEqual(new Set([5, 6, 7]));
    expect(values(shuffle(tensor([1, 2, 3, 4, 5]), 9)).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('multinomial follows the given probabilities', () => {
    const draws = values(multinomial(tensor([0.1, 0.0, 0.9]), 5000, 11, true));
    const counts = [0, 1, 2].map((k) => draws.filter((d) => d === k).length / 5000);
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[2] - 0.9)).toBeLessThan(0.03);
  });
});
