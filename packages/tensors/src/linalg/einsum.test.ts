import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  dispose,
  einsum,
  grad,
  memory,
  reshape,
  ShapeError,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '../index.js';
import { expectClose } from '../test-utils.js';
import { checkGradients, expectNoLeaks } from '../testing/index.js';

const X = [
  [1, 2, 3],
  [4, 5, 6],
]; // [2, 3]
const Y = [
  [-5, -4, -3, -2],
  [-1, 0, 1, 2],
  [3, 4, 5, 6],
]; // [3, 4]
const XY = [
  [2, 8, 14, 20],
  [-7, 8, 23, 38],
];
const M = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 10],
];

// Exact small-integer arithmetic: a tolerance of 1e-5 covers float32 rounding.
const TOL = 1e-5;

describe('einsum: hand-computed values (tolerance 1e-5)', () => {
  it("'ij,jk->ik' and implicit 'ij,jk' are a matrix product", () => {
    expectClose(einsum('ij,jk->ik', X, Y), XY, TOL, [2, 4]);
    expectClose(einsum('ij,jk', X, Y), XY, TOL, [2, 4]);
    // Implicit output order is alphabetical: 'ij,jh' gives [h, i] = the transpose.
    expectClose(
      einsum('ij,jh', X, Y),
      [0, 1, 2, 3].map((c) => XY.map((r) => r[c])),
      TOL,
      [4, 2],
    );
  });

  it("'bij,bjk->bik' is a batched matrix product", () => {
    const a = [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [0, 1],
        [-1, 2],
      ],
    ];
    const b = [
      [
        [1, 0, 2],
        [0, 1, 1],
      ],
      [
        [2, 1, 0],
        [1, -1, 3],
      ],
    ];
    expectClose(
      einsum('bij,bjk->bik', a, b),
      [
        [
          [1, 2, 4],
          [3, 4, 10],
        ],
        [
          [1, -1, 3],
          [0, -3, 6],
        ],
      ],
      TOL,
      [2, 2, 3],
    );
  });

  it("'ii->' is the trace, 'ii->i' the diagonal", () => {
    expectClose(einsum('ii->', M), 16, TOL, []);
    expectClose(einsum('ii->i', M), [1, 5, 10], TOL, [3]);
    expectClose(einsum('ii', M), 16, TOL, []);
    // Three equal labels: the main diagonal of a cube.
    const cube = Array.from({ length: 2 }, (_, i) =>
      Array.from({ length: 2 }, (_, j) => Array.from({ length: 2 }, (_, k) => 100 * i + 10 * j + k)),
    );
    expectClose(einsum('iii->i', cube), [0, 111], TOL, [2]);
    // A diagonal kept next to a free label: 'iij->ij'.
    expectClose(einsum('iij->ij', cube), [0, 1, 110, 111], TOL, [2, 2]);
  });

  it("'i,j->ij' is the outer product, 'i,i->' the dot product", () => {
    expectClose(
      einsum('i,j->ij', [1, 2, 3], [4, 5]),
      [
        [4, 5],
        [8, 10],
        [12, 15],
      ],
      TOL,
      [3, 2],
    );
    expectClose(einsum('i,i->', [1, 2, 3], [4, -5, 6]), 12, TOL, []);
    expectClose(einsum('i,i', [1, 2, 3], [4, -5, 6]), 12, TOL, []);
  });

  it("'ij->ji' transposes, 'ij->' sums, 'ij->j' sums one axis", () => {
    expectClose(
      einsum('ij->ji', X),
      [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
      TOL,
      [3, 2],
    );
    expectClose(einsum('ij->', X), 21, TOL, []);
    expectClose(einsum('ij->j', X), [5, 7, 9], TOL, [3]);
    const same = einsum('ij->ij', X);
    expectClose(same, X, 0, [2, 3]);
  });

  it('three operands and more: chains contract left to right', () => {
    // (X Y) Z with Z = [1, 0, -1, 2]^T: row sums of XY weighted.
    const z = [1, 0, -1, 2];
    expectClose(einsum('ij,jk,k->i', X, Y, z), [2 - 14 + 40, -7 - 23 + 76], TOL, [2]);
    // u^T M v with a label shared by the first and last operand only.
    expectClose(einsum('i,ij,j->', [1, 0, -1], M, [1, 1, 1]), 6 - 25, TOL, []);
    // Bilinear form with a batch label in every operand.
    expectClose(
      einsum(
        'bi,bij,bj->b',
        [
          [1, 0],
          [0, 1],
        ],
        [
          M.slice(0, 2).map((r) => r.slice(0, 2)),
          [
            [1, 2],
            [3, 4],
          ],
        ],
        [
          [1, 1],
          [2, 0],
        ],
      ),
      [3, 6],
      TOL,
      [2],
    );
    // Scalars as operands (empty terms).
    expectClose(einsum(',i->i', 3, [1, 2]), [3, 6], TOL, [2]);
  });

  it("ellipsis: '...ij,...jk->...ik' broadcasts batch dimensions; implicit '...' goes first", () => {
    const a = reshape(tensor(Array.from({ length: 12 }, (_, i) => i)), [2, 1, 2, 3]);
    const b = reshape(tensor(Array.from({ length: 18 }, (_, i) => (i % 5) - 2)), [3, 3, 2]);
    const out = einsum('...ij,...jk->...ik', a, b);
    expect(out.shape).toEqual([2, 3, 2, 2]);
    // Entry [1, 2] of the batch: a[1, 0] @ b[2].
    const a1 = [
      [6, 7, 8],
      [9, 10, 11],
    ];
    const b2 = [0, 1, 2, 3, 4, 5].map((k) => ((12 + k) % 5) - 2);
    const expected = [0, 1].flatMap((i) => [0, 1].map((k) => a1[i].reduce((s, v, j) => s + v * b2[j * 2 + k], 0)));
    const got = Array.from(out.dataSync()).slice((1 * 3 + 2) * 4, (1 * 3 + 2) * 4 + 4);
    for (let i = 0; i < 4; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThanOrEqual(TOL);
    expectClose(einsum('...ii->...i', [M, M]), [1, 5, 10, 1, 5, 10], TOL, [2, 3]);
    expectClose(einsum('i...->...', X), [5, 7, 9], TOL, [3]);
    expectClose(einsum('...j,j', X, [1, 0, -1]), [-2, -2], TOL, [2]);
  });
});

describe('einsum: int32', () => {
  it('keeps int32 and computes exactly', () => {
    const x = tensor(X, undefined, 'int32');
    const y = tensor(Y, undefined, 'int32');
    const p = einsum('ij,jk->ik', x, y);
    expect(p.dtype).toBe('int32');
    expectClose(p, XY, 0, [2, 4]);
    const d = einsum('ii->i', tensor(M, undefined, 'int32'));
    expect(d.dtype).toBe('int32');
    expectClose(d, [1, 5, 10], 0, [3]);
  });
});

describe('einsum: errors', () => {
  it('bad equations raise a ValueError naming the problem', () => {
    expect(() => einsum('ij,jk->ik', X)).toThrow(ValueError);
    expect(() => einsum('ij,jk->ik', X)).toThrow(/2 input term\(s\) but 1 operand/);
    expect(() => einsum('ij->k', X)).toThrow(/output label 'k' appears in no input/);
    expect(() => einsum('ij->ii', X)).toThrow(/'i' appears more than once/);
    expect(() => einsum('i1->i', X)).toThrow(/invalid character '1'/);
    expect(() => einsum('ij->i->j', X)).toThrow(/at most one '->'/);
    expect(() => einsum('ij-i', X)).toThrow(/at most one '->'/);
    expect(() => einsum('i..j->ij', X)).toThrow(/ellipsis/);
    expect(() => einsum('...i->i', X)).toThrow(/no '\.\.\.'/);
    expect(() => einsum('ij')).toThrow(/no operands/);
  });

  it('mismatched sizes and ranks raise a ShapeError naming both', () => {
    expect(() => einsum('ij,jk->ik', X, X)).toThrow(ShapeError);
    expect(() => einsum('ij,jk->ik', X, X)).toThrow(
      /label 'j' has size 3 in operand 0 \(shape \[2,3\]\) but size 2 in operand 1 \(shape \[2,3\]\)/,
    );
    expect(() => einsum('ii->i', X)).toThrow(/label 'i' has size 2 .* but size 3/);
    expect(() => einsum('ijk->i', X)).toThrow(/names 3 dimension\(s\) but operand 0 has rank 2/);
    expect(() =>
      einsum(
        '...ij,...jk->...ik',
        reshape(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), [2, 2, 3]),
        reshape(tensor(Array(27).fill(1)), [3, 3, 3]),
      ),
    ).toThrow(/ellipsis dimension -1 has size 2 .* but size 3/);
    expect(() => einsum('i,i->', tensor([1, 2]), tensor([1, 2], [2], 'int32'))).toThrow(DTypeError);
    expect(() => einsum('i->', tensor([true, false]))).toThrow(/dtype 'bool', expected float32 or int32/);
  });
});

describe('einsum: gradients (finite differences, rtol 1e-2, atol 2e-3)', () => {
  const a = tensor([
    [0.5, -1, 2],
    [1.5, 0.3, -0.7],
  ]);
  const b = tensor([
    [1, 0.2],
    [-0.4, 0.9],
    [0.6, -1.1],
  ]);
  const sq = tensor([
    [1, 2, 0.5],
    [-1, 0.3, 0.8],
    [0.2, -0.6, 1.4],
  ]);
  const v = tensor([0.3, -1.2, 0.7]);

  it('matrix product, batch product, outer and dot products', () => {
    checkGradients((x, y) => einsum('ij,jk->ik', x, y), [a, b]);
    checkGradients(
      (x, y) => einsum('bij,bjk->bik', x, y),
      [
        tensor([
          [
            [1, 2],
            [0.5, -1],
          ],
        ]),
        tensor([
          [
            [0.3, -2],
            [1, 0.4],
          ],
        ]),
      ],
    );
    checkGradients((x, y) => einsum('i,j->ij', x, y), [v, tensor([2, -0.5])]);
    checkGradients((x, y) => einsum('i,i->', x, y), [v, tensor([1, 0.5, -2])]);
  });

  it('trace, diagonal, transpose, sums, three operands, ellipsis', () => {
    checkGradients((x) => einsum('ii->', x), [sq]);
    checkGradients((x) => einsum('ii->i', x), [sq]);
    checkGradients((x) => einsum('ij->ji', x), [a]);
    checkGradients((x) => einsum('ij->', x), [a]);
    checkGradients((x, y, z) => einsum('ij,jk,k->i', x, y, z), [a, b, tensor([0.5, -1])]);
    checkGradients(
      (x, y) => einsum('...ij,...jk->...ik', x, y),
      [
        tensor([
          [
            [1, 2],
            [0.5, -1],
          ],
          [
            [0, 1],
            [2, 3],
          ],
        ]),
        tensor([
          [0.3, -2],
          [1, 0.4],
        ]),
      ],
    );
  });
});

describe('einsum: memory', () => {
  it('leaves no tensors behind (ops and gradients), and returns a new tensor for an identity equation', async () => {
    const a = tensor(X);
    const b = tensor(Y);
    const m = tensor(M);
    const yt = tensor([
      [1, 0],
      [0, 1],
      [2, -1],
      [0.5, 0],
    ]);
    const before = memory().numTensors;
    const cases: [string, Tensor[]][] = [
      ['ij,jk->ik', [a, b]],
      ['ij->ji', [a]],
      ['ij->', [a]],
      ['ij,ij->ij', [a, a]],
      ['ii->i', [m]],
      ['ij,jk,kl->il', [a, b, yt]],
    ];
    for (const [eq, ops] of cases) dispose(await expectNoLeaks(() => einsum(eq, ...ops)));
    dispose(await expectNoLeaks(() => grad((x) => einsum('ij,jk->', x, b))(a)));
    const same = einsum('ij->ij', a);
    expect(same).not.toBe(a);
    same.dispose();
    tidy(() => {
      einsum('ij,jk->ik', a, b);
    });
    expect(memory().numTensors).toBe(before);
    dispose([a, b, m, yt]);
  });
});
