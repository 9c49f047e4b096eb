import { describe, expect, it } from 'vitest';
import {
  concat,
  DTypeError,
  dispose,
  grad,
  linalg,
  matMul,
  memory,
  reshape,
  ShapeError,
  sum,
  type Tensor,
  tensor,
  tidy,
} from '../index.js';
import { expectClose } from '../test-utils.js';
import { checkGradients, expectNoLeaks } from '../testing/index.js';

// A well-conditioned matrix for gradient checks (diagonally dominant).
const WELL = [
  [4, 1, 0.5],
  [1, 3, -0.2],
  [0.3, -0.5, 2],
];

describe('linalg.inv', () => {
  it('inverts a known 3x3 to 1e-5', () => {
    const a = tensor([
      [2, 0, 1],
      [1, 3, 2],
      [1, 1, 2],
    ]);
    expectClose(
      linalg.inv(a),
      [
        [2 / 3, 1 / 6, -1 / 2],
        [0, 1 / 2, -1 / 2],
        [-1 / 3, -1 / 3, 1],
      ],
      1e-5,
      [3, 3],
    );
  });

  it('pivots past zeros on the diagonal (to 1e-5)', () => {
    expectClose(
      linalg.inv([
        [0, 1],
        [1, 0],
      ]),
      [
        [0, 1],
        [1, 0],
      ],
      1e-6,
    );
    expectClose(
      linalg.inv([
        [0, 1, 2],
        [1, 0, 3],
        [4, -3, 8],
      ]),
      [
        [-4.5, 7, -1.5],
        [-2, 4, -1],
        [1.5, -2, 0.5],
      ],
      1e-5,
    );
    // 4x4: zeros in the leading column and a zero pivot after the first elimination step.
    expectClose(
      linalg.inv([
        [0, 2, 1, 3],
        [0, 0, 1, 1],
        [1, 1, 0, 2],
        [2, 0, 1, 0],
      ]),
      [
        [1, 1, -2, -2],
        [-5, 7, 4, -2],
        [-2, -2, 4, -2],
        [2, -4, -4, 2],
      ].map((r) => r.map((v) => v / -6)),
      1e-5,
    );
  });

  it('inverts batches [2, 1, 2, 2] (to 1e-5)', () => {
    const a = tensor([
      [
        [
          [4, 7],
          [2, 6],
        ],
      ],
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]);
    expectClose(
      linalg.inv(a),
      [
        [0.6, -0.7, -0.2, 0.4],
        [-2, 1, 1.5, -0.5],
      ],
      1e-5,
      [2, 1, 2, 2],
    );
  });

  it('casts int32 input; gives non-finite values for an exactly singular matrix', () => {
    const y = linalg.inv(
      tensor(
        [
          [2, 0],
          [0, 4],
        ],
        undefined,
        'int32',
      ),
    );
    expect(y.dtype).toBe('float32');
    expectClose(y, [0.5, 0, 0, 0.25], 1e-7);
    const s = linalg.inv([
      [1, 2],
      [2, 4],
    ]);
    expect(Array.from(s.dataSync()).some((v) => !Number.isFinite(v))).toBe(true);
  });

  it('rejects non-square and rank-1 input with a ShapeError, strings with a DTypeError', () => {
    expect(() => linalg.inv([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => linalg.inv([[1, 2, 3]])).toThrow(/square.*\[1,3\]/);
    expect(() => linalg.inv([1, 2])).toThrow(/rank >= 2/);
    expect(() => linalg.inv(tensor([['a']]))).toThrow(DTypeError);
  });

  it('has the gradient -A^-T dY A^-T (finite differences, rtol 1e-2, atol 2e-3)', () => {
    checkGradients((a) => linalg.inv(a), [tensor(WELL)]);
    checkGradients((a) => linalg.inv(a), [tensor([WELL, WELL.map((r) => r.map((v) => -v))])]);
  });
});

describe('linalg.det / slogdet', () => {
  it('known determinants, negative ones and permutations (to 1e-5 relative)', () => {
    expectClose(
      linalg.det([
        [1, 2],
        [3, 4],
      ]),
      -2,
      1e-5,
      [],
    );
    expectClose(
      linalg.det([
        [2, 0, 1],
        [1, 3, 2],
        [1, 1, 2],
      ]),
      6,
      6e-5,
    );
    expectClose(
      linalg.det([
        [0, 1, 2],
        [1, 0, 3],
        [4, -3, 8],
      ]),
      -2,
      2e-5,
    );
    expectClose(
      linalg.det([
        [0, 2, 1, 3],
        [0, 0, 1, 1],
        [1, 1, 0, 2],
        [2, 0, 1, 0],
      ]),
      -6,
      6e-5,
    );
    // Permutations: a transposition has det -1, a 3-cycle +1.
    expectClose(
      linalg.det([
        [0, 1, 0],
        [1, 0, 0],
        [0, 0, 1],
      ]),
      -1,
      1e-6,
    );
    expectClose(
      linalg.det([
        [0, 1, 0],
        [0, 0, 1],
        [1, 0, 0],
      ]),
      1,
      1e-6,
    );
    expectClose(linalg.det([[7]]), 7, 1e-6);
  });

  it('is exactly 0 for a singular matrix, and batched [2, 2, 2] -> [2]', () => {
    expectClose(
      linalg.det([
        [1, 2],
        [2, 4],
      ]),
      0,
      0,
    );
    expectClose(
      linalg.det([
        [0, 0],
        [0, 0],
      ]),
      0,
      0,
    );
    expectClose(
      linalg.det([
        [
          [4, 7],
          [2, 6],
        ],
        [
          [0, 1],
          [1, 0],
        ],
      ]),
      [10, -1],
      1e-5,
      [2],
    );
  });

  it('slogdet gives sign and log|det| (to 1e-5)', () => {
    const [sign, logAbs] = linalg.slogdet([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [2, 0],
        [0, 3],
      ],
      [
        [1, 2],
        [2, 4],
      ],
    ]);
    expectClose(sign, [-1, 1, 0], 0, [3]);
    const la = Array.from(logAbs.dataSync());
    expect(la[0]).toBeCloseTo(Math.log(2), 5);
    expect(la[1]).toBeCloseTo(Math.log(6), 5);
    expect(la[2]).toBe(Number.NEGATIVE_INFINITY);
    // 40x40 of 10 * I: det = 1e40 overflows float32, log|det| does not.
    const big = tidy(() =>
      linalg.slogdet(
        tensor(Array.from({ length: 40 }, (_, i) => Array.from({ length: 40 }, (_, j) => (i === j ? 10 : 0)))),
      ),
    );
    expect(big[1].dataSync()[0]).toBeCloseTo(40 * Math.log(10), 3);
  });

  it('has the gradient dy det A^-T, and slogdet dy A^-T (finite differences)', () => {
    checkGradients((a) => linalg.det(a), [tensor(WELL)]);
    checkGradients(
      (a) => linalg.det(a),
      [
        tensor([
          [
            [0.5, 2],
            [1.5, -1],
          ],
          [
            [1, 0.2],
            [0.3, 1],
          ],
        ]),
      ],
    );
    checkGradients((a) => linalg.slogdet(a)[1], [tensor([WELL, WELL.map((r) => [...r].reverse())])]);
  });
});

describe('linalg.solve', () => {
  it('solves against hand values: vector and matrix right-hand sides (to 1e-5)', () => {
    expectClose(
      linalg.solve(
        [
          [3, 1],
          [1, 2],
        ],
        [9, 8],
      ),
      [2, 3],
      1e-5,
      [2],
    );
    const a = [
      [2, 0, 1],
      [1, 3, 2],
      [1, 1, 2],
    ];
    const b = [
      [5, -1],
      [13, 1],
      [9, 1],
    ];
    expectClose(
      linalg.solve(a, b),
      [
        [1, -1],
        [2, 0],
        [3, 1],
      ],
      1e-5,
      [3, 2],
    );
    // Needs pivoting: a zero in the top-left corner.
    expectClose(
      linalg.solve(
        [
          [0, 2],
          [3, 1],
        ],
        [[4], [5]],
      ),
      [[1], [2]],
      1e-5,
      [2, 1],
    );
  });

  it('broadcasts batch dimensions: a [2, 2] with b [3, 2, 1] (to 1e-5)', () => {
    const x = linalg.solve(
      [
        [3, 1],
        [1, 2],
      ],
      [
        [[9], [8]],
        [[3], [1]],
        [[0], [5]],
      ],
    );
    expectClose(x, [2, 3, 1, 0, -1, 3], 1e-5, [3, 2, 1]);
  });

  it('rejects mismatched shapes with a ShapeError naming both', () => {
    expect(() =>
      linalg.solve(
        [
          [1, 0],
          [0, 1],
        ],
        [1, 2, 3],
      ),
    ).toThrow(ShapeError);
    expect(() =>
      linalg.solve(
        [
          [1, 0],
          [0, 1],
        ],
        [1, 2, 3],
      ),
    ).toThrow(/\[2,2\].*\[3\]/);
    expect(() =>
      linalg.solve(
        [
          [1, 0],
          [0, 1],
        ],
        3,
      ),
    ).toThrow(/scalar/);
    expect(() =>
      linalg.solve(
        [
          [
            [1, 0],
            [0, 1],
          ],
          [
            [1, 0],
            [0, 1],
          ],
        ],
        [
          [[1], [2]],
          [[1], [2]],
          [[1], [2]],
        ],
      ),
    ).toThrow(/cannot be broadcast/);
  });

  it('has gradients dB = A^-T dX and dA = -dB X^T (finite differences, both arguments)', () => {
    const b = tensor([
      [1, -2],
      [0.5, 1],
      [2, 0.3],
    ]);
    checkGradients((a, rhs) => linalg.solve(a, rhs), [tensor(WELL), b]);
    checkGradients((a, rhs) => linalg.solve(a, rhs), [tensor(WELL), tensor([1, -1, 0.5])]);
    // Broadcast batch: the gradient of a sums over the batch of b.
    checkGradients(
      (a, rhs) => linalg.solve(a, rhs),
      [
        tensor([
          [2, 1],
          [0.5, 3],
        ]),
        tensor([
          [[1], [2]],
          [[-1], [0.5]],
        ]),
      ],
    );
  });
});

describe('linalg.qr', () => {
  function checkQr(a: number[][] | number[][][], fullMatrices: boolean, qShape: number[], rShape: number[]): void {
    tidy(() => {
      const at = tensor(a);
      const [q, r] = linalg.qr(at, fullMatrices);
      expect(q.shape).toEqual(qShape);
      expect(r.shape).toEqual(rShape);
      const k = qShape[qShape.length - 1];
      const eyeK = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
      const batch = qShape.slice(0, -2).reduce((p, d) => p * d, 1);
      expectClose(matMul(q, q, true, false), Array(batch).fill(eyeK), 1e-5);
      expectClose(matMul(q, r), Array.from(at.dataSync()), 1e-5);
      // Upper triangular with a non-negative diagonal.
      const rv = r.dataSync();
      const [rows, cols] = rShape.slice(-2);
      for (let bi = 0; bi < batch; bi++) {
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const v = rv[bi * rows * cols + i * cols + j];
            if (j < i) expect(Math.abs(v)).toBe(0);
            if (j === i) expect(v).toBeGreaterThanOrEqual(0);
          }
        }
      }
    });
  }

  it('factors a known 2x2 (to 1e-6)', () => {
    const [q, r] = linalg.qr([
      [3, 1],
      [4, 2],
    ]);
    expectClose(
      q,
      [
        [0.6, -0.8],
        [0.8, 0.6],
      ],
      1e-6,
    );
    expectClose(
      r,
      [
        [5, 2.2],
        [0, 0.4],
      ],
      1e-6,
    );
  });

  it('Q is orthonormal and Q R = A (to 1e-5): square, tall, wide, full, batched, rank-deficient', () => {
    checkQr(
      [
        [2, 0, 1],
        [1, 3, 2],
        [1, 1, 2],
      ],
      false,
      [3, 3],
      [3, 3],
    );
    const tall = [
      [1, 2, 0],
      [-1, 1, 3],
      [0.5, 2, -1],
      [2, 0, 1],
    ];
    checkQr(tall, false, [4, 3], [3, 3]);
    checkQr(tall, true, [4, 4], [4, 3]);
    checkQr(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      false,
      [2, 2],
      [2, 3],
    );
    checkQr(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      true,
      [2, 2],
      [2, 3],
    );
    checkQr([tall, tall.map((r) => r.map((v) => v * -2 + 1))], false, [2, 4, 3], [2, 3, 3]);
    // A zero column: no NaN, still a valid factorization.
    checkQr(
      [
        [0, 1],
        [0, 2],
        [0, 3],
      ],
      false,
      [3, 2],
      [2, 2],
    );
  });

  it('has the gradient of both factors (finite differences): square, tall, wide', () => {
    const both = (fullMatrices: boolean) => (a: Tensor) => {
      const [q, r] = linalg.qr(a, fullMatrices);
      return concat([reshape(q, [-1]), reshape(r, [-1])], 0);
    };
    checkGradients(both(false), [tensor(WELL)]);
    checkGradients(both(false), [
      tensor([
        [1, 2, 0],
        [-1, 1, 3],
        [0.5, 2, -1],
        [2, 0, 1],
      ]),
    ]);
    checkGradients(both(false), [
      tensor([
        [1, 2, 3],
        [4, 5, 6.5],
      ]),
    ]);
    checkGradients(both(true), [
      tensor([
        [1, 2, 3],
        [4, 5, 6.5],
      ]),
    ]);
    checkGradients(both(false), [tensor([WELL, WELL.map((r) => r.map((v) => v + 1))])]);
  });

  it('refuses to differentiate fullMatrices=true with more rows than columns', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
      [5, 7],
    ]);
    expect(() => grad((x) => sum(linalg.qr(x, true)[0]))(a)).toThrow(/fullMatrices=false/);
  });
});

describe('linalg memory', () => {
  it('leaves no tensors behind: ops and their gradients', async () => {
    const a = tensor(WELL);
    const b = tensor([1, 2, 3]);
    const before = memory().numTensors;
    dispose(await expectNoLeaks(() => linalg.inv(a)));
    dispose(await expectNoLeaks(() => linalg.det(a)));
    dispose(await expectNoLeaks(() => linalg.slogdet(a)));
    dispose(await expectNoLeaks(() => linalg.solve(a, b)));
    dispose(await expectNoLeaks(() => linalg.qr(a)));
    dispose(
      await expectNoLeaks(() =>
        linalg.qr(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          true,
        ),
      ),
    );
    dispose(await expectNoLeaks(() => grad((x) => sum(linalg.inv(x)))(a)));
    dispose(await expectNoLeaks(() => grad((x) => linalg.det(x))(a)));
    dispose(await expectNoLeaks(() => grad((x) => linalg.slogdet(x)[1])(a)));
    dispose(await expectNoLeaks(() => grad((x) => sum(linalg.solve(x, b)))(a)));
    dispose(await expectNoLeaks(() => grad((x) => sum(linalg.qr(x)[0]))(a)));
    tidy(() => {
      linalg.inv(a);
      linalg.solve(a, b);
    });
    expect(memory().numTensors).toBe(before);
    dispose([a, b]);
  });
});
