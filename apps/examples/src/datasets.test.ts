import { describe, expect, it } from 'vitest';
import { fitStandardizer, loadBreastCancer, loadDigits, loadIris, trainTestSplit } from './datasets.js';

describe('datasets', () => {
  it('reads iris, breast cancer and the gzipped digits with their documented shapes', () => {
    const iris = loadIris();
    expect([iris.x.length, iris.x[0].length]).toEqual([150, 4]);
    expect(iris.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(iris.x[0]).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(new Set(iris.y)).toEqual(new Set([0, 1, 2]));
    const cancer = loadBreastCancer();
    expect([cancer.x.length, cancer.x[0].length]).toEqual([569, 30]);
    expect(cancer.classNames).toEqual(['malignant', 'benign']);
    expect(cancer.y.filter((v) => v === 1)).toHaveLength(357);
    const digits = loadDigits();
    expect([digits.x.length, digits.x[0].length]).toEqual([1797, 64]);
    expect(Math.max(...digits.x.flat())).toBe(16);
    expect(new Set(digits.y).size).toBe(10);
  });

  it('splits reproducibly into disjoint parts that cover every row', () => {
    const x = Array.from({ length: 10 }, (_, i) => [i]);
    const y = x.map(([i]) => i * 10);
    const a = trainTestSplit(x, y, 0.2, 3);
    expect(trainTestSplit(x, y, 0.2, 3)).toEqual(a);
    expect(a.xTest).toHaveLength(2);
    expect([...a.xTrain, ...a.xTest].map(([i]) => i).sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a.yTrain).toEqual(a.xTrain.map(([i]) => i * 10));
    expect(trainTestSplit(x, y, 0.2, 4).xTest).not.toEqual(a.xTest);
  });

  it('standardizes with the statistics it was fitted on', () => {
    const s = fitStandardizer([
      [1, 5],
      [3, 5],
    ]);
    expect(s.mean).toEqual([2, 5]);
    expect(s.std).toEqual([1, 0]);
    expect(s.transform([[4, 6]])).toEqual([[2, 1]]);
  });
});
