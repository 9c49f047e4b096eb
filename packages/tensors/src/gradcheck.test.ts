// Finite-difference check of every differentiable op the package exports from
// its top-level modules (elementwise, reductions, shapes, combine, math,
// autodiff, complex) and from nn/. Each case compares autodiff with central
// differences through checkGradients (eps 1e-2, rtol 1e-2, atol 2e-3 in
// float32 unless a case states otherwise), on the backend of the vitest
// project (cpu and wasm). Inputs stay away from kinks and discontinuities
// (relu/abs not near 0, log/sqrt positive, max/min/pool/topK inputs distinct
// by >= 0.1), so the finite difference is exact up to float32 rounding.
//
// The last test classifies every exported function of those modules as either
// covered here or not differentiable, so a new op cannot slip past this file.
import { describe, expect, it } from 'vitest';
import * as autodiff from './autodiff.js';
import * as combine from './combine.js';
import * as complexOps from './complex.js';
import * as elementwise from './elementwise.js';
import * as L from './index.js';
import * as math from './math.js';
import * as nn from './nn/index.js';
import * as reductions from './reductions.js';
import * as shapes from './shapes.js';
import { checkGradients, type GradientCheckOptions } from './testing/index.js';
import { type Tensor, tfc } from './tfjs.js';

// ---- inputs ----

function rng(seed: number): () => number {
  return L.uniformGenerator(seed);
}

/** Uniform values in [lo, hi). */
function uniform(shape: number[], lo: number, hi: number, seed: number): Tensor {
  const next = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tfc.tensor(
    Array.from({ length: n }, () => lo + (hi - lo) * next()),
    shape,
    'float32',
  );
}

/** Values with |v| in [lo, hi) and a random sign: away from a kink at 0. */
function awayFromZero(shape: number[], seed: number, lo = 0.2, hi = 1.5): Tensor {
  const next = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tfc.tensor(
    Array.from({ length: n }, () => (next() < 0.5 ? -1 : 1) * (lo + (hi - lo) * next())),
    shape,
    'float32',
  );
}

/** A shuffled grid of distinct values spaced by `spacing`, centered on 0: no ties, no near-ties. */
function distinct(shape: number[], seed: number, spacing = 0.1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const next = rng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return tfc.tensor(
    order.map((v) => (v - (n - 1) / 2) * spacing),
    shape,
    'float32',
  );
}

/** Values strictly between integers and half-integers (for floor/ceil/round/mod). */
function offGrid(shape: number[], seed: number): Tensor {
  const next = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tfc.tensor(
    Array.from({ length: n }, () => Math.floor(next() * 6) - 3 + 0.15 + 0.2 * next()),
    shape,
    'float32',
  );
}

// ---- the table ----

interface Case {
  /** The exported function(s) the case differentiates. */
  ops: string[];
  /** What distinguishes the case. */
  name: string;
  f: (...xs: Tensor[]) => Tensor;
  inputs: () => Tensor[];
  options?: GradientCheckOptions;
}

const cases: Case[] = [];
function add(
  ops: string | string[],
  name: string,
  f: Case['f'],
  inputs: Case['inputs'],
  options?: GradientCheckOptions,
) {
  cases.push({ ops: Array.isArray(ops) ? ops : [ops], name, f, inputs, options });
}

const E = elementwise;

// elementwise: unary
const unaryCases: Array<[keyof typeof E, () => Tensor]> = [
  ['abs', () => awayFromZero([2, 3], 1)],
  ['neg', () => uniform([2, 3], -2, 2, 2)],
  ['exp', () => uniform([2, 3], -2, 1.5, 3)],
  ['expm1', () => uniform([2, 3], -2, 1.5, 4)],
  ['log', () => uniform([2, 3], 0.5, 3, 5)],
  ['log1p', () => uniform([2, 3], -0.5, 2, 6)],
  ['sqrt', () => uniform([2, 3], 0.5, 3, 7)],
  ['rsqrt', () => uniform([2, 3], 0.5, 3, 8)],
  ['square', () => uniform([2, 3], -2, 2, 9)],
  ['reciprocal', () => awayFromZero([2, 3], 10, 0.5, 2)],
  ['sign', () => awayFromZero([2, 3], 11)],
  ['floor', () => offGrid([2, 3], 12)],
  ['ceil', () => offGrid([2, 3], 13)],
  ['round', () => offGrid([2, 3], 14)],
  ['sin', () => uniform([2, 3], -3, 3, 15)],
  ['cos', () => uniform([2, 3], -3, 3, 16)],
  ['tan', () => uniform([2, 3], -1, 1, 17)],
  ['asin', () => uniform([2, 3], -0.8, 0.8, 18)],
  ['acos', () => uniform([2, 3], -0.8, 0.8, 19)],
  ['atan', () => uniform([2, 3], -2, 2, 20)],
  ['sinh', () => uniform([2, 3], -2, 2, 21)],
  ['cosh', () => uniform([2, 3], -2, 2, 22)],
  ['tanh', () => uniform([2, 3], -2, 2, 23)],
  ['asinh', () => uniform([2, 3], -2, 2, 24)],
  ['acosh', () => uniform([2, 3], 1.5, 3, 25)],
  ['atanh', () => uniform([2, 3], -0.8, 0.8, 26)],
  ['erf', () => uniform([2, 3], -2, 2, 27)],
  ['sigmoid', () => uniform([2, 3], -3, 3, 28)],
  ['logSigmoid', () => uniform([2, 3], -3, 3, 29)],
  ['softplus', () => uniform([2, 3], -3, 3, 30)],
  ['relu', () => awayFromZero([2, 3], 31)],
  ['elu', () => awayFromZero([2, 3], 32)],
  ['selu', () => awayFromZero([2, 3], 33)],
  ['identity', () => uniform([2, 3], -2, 2, 34)],
];
for (const [op, input] of unaryCases) {
  add(
    op,
    'unary',
    (x) => (E[op] as (x: Tensor) => Tensor)(x),
    () => [input()],
  );
}
add('relu6', 'both kinks avoided', E.relu6, () => [tfc.tensor([-1.5, -0.3, 0.4, 2.5, 5.5, 7], [2, 3])]);
add(
  'leakyRelu',
  'alpha 0.3',
  (x) => E.leakyRelu(x, 0.3),
  () => [awayFromZero([2, 3], 35)],
);
add(
  'prelu',
  'alpha broadcast per column',
  (x, a) => E.prelu(x, a),
  () => [awayFromZero([2, 3], 36), uniform([3], 0.1, 0.5, 37)],
);
add(
  'step',
  'zero gradient',
  (x) => E.step(x, 0.5),
  () => [awayFromZero([2, 3], 38)],
);
add(
  'clipByValue',
  'inside and outside the bounds',
  (x) => E.clipByValue(x, -0.5, 0.5),
  () => [tfc.tensor([-1.2, -0.3, 0.1, 0.45, 0.7, -0.8], [2, 3])],
);
add(
  'cast',
  'float32 to float32',
  (x) => E.cast(x, 'float32'),
  () => [uniform([2, 3], -2, 2, 39)],
);

// elementwise: binary, same shape and broadcasting
const binaryCases: Array<[keyof typeof E, string, () => Tensor[]]> = [
  ['add', 'same shape', () => [uniform([2, 3], -2, 2, 40), uniform([2, 3], -2, 2, 41)]],
  ['add', '[2,3] + [3]', () => [uniform([2, 3], -2, 2, 42), uniform([3], -2, 2, 43)]],
  ['sub', '[3,1] - [1,4]', () => [uniform([3, 1], -2, 2, 44), uniform([1, 4], -2, 2, 45)]],
  ['mul', 'same shape', () => [uniform([2, 3], -2, 2, 46), uniform([2, 3], -2, 2, 47)]],
  ['mul', '[3,1] * [1,4]', () => [uniform([3, 1], -2, 2, 48), uniform([1, 4], -2, 2, 49)]],
  ['mul', 'scalar * [2,3]', () => [uniform([], -2, 2, 50), uniform([2, 3], -2, 2, 51)]],
  ['div', 'same shape', () => [uniform([2, 3], -2, 2, 52), awayFromZero([2, 3], 53, 0.5, 2)]],
  ['div', '[2,3] / [2,1]', () => [uniform([2, 3], -2, 2, 54), awayFromZero([2, 1], 55, 0.5, 2)]],
  ['divNoNan', 'nonzero divisor', () => [uniform([2, 3], -2, 2, 56), awayFromZero([2, 3], 57, 0.5, 2)]],
  ['floorDiv', 'zero gradient away from jumps', () => [offGrid([2, 3], 58), tfc.fill([2, 3], 1)]],
  ['mod', '[2,3] mod [3]', () => [offGrid([2, 3], 59), tfc.tensor([1.3, 1.7, 2.9])]],
  ['pow', 'positive base', () => [uniform([2, 3], 0.5, 2, 60), uniform([2, 3], -1, 2, 61)]],
  ['pow', '[2,3] ^ [3]', () => [uniform([2, 3], 0.5, 2, 62), uniform([3], -1, 2, 63)]],
  ['maximum', 'no ties', () => [distinct([2, 3], 64), tfc.add(distinct([2, 3], 65), 0.05)]],
  ['maximum', '[2,3] vs [3]', () => [distinct([2, 3], 66), tfc.tensor([0.03, -0.12, 0.17])]],
  ['minimum', 'no ties', () => [distinct([2, 3], 67), tfc.add(distinct([2, 3], 68), 0.05)]],
  ['minimum', '[2,1] vs [1,3]', () => [tfc.tensor([[0.33], [-0.41]]), tfc.tensor([[0.05, -0.6, 0.5]])]],
  ['squaredDifference', '[2,3] vs [1,3]', () => [uniform([2, 3], -2, 2, 69), uniform([1, 3], -2, 2, 70)]],
  ['atan2', '[2,1] vs [3]', () => [uniform([2, 1], -2, 2, 71), awayFromZero([3], 72, 0.5, 2)]],
];
for (const [op, name, inputs] of binaryCases) {
  add(op, name, (a, b) => (E[op] as (a: Tensor, b: Tensor) => Tensor)(a, b), inputs);
}

// reductions
const R = reductions;
add(
  'sum',
  'all',
  (x) => R.sum(x),
  () => [uniform([2, 3], -2, 2, 80)],
);
add(
  'sum',
  'axis 1 keepDims',
  (x) => R.sum(x, 1, true),
  () => [uniform([2, 3], -2, 2, 81)],
);
add(
  'mean',
  'axes [0, 2]',
  (x) => R.mean(x, [0, 2]),
  () => [uniform([2, 3, 2], -2, 2, 82)],
);
add(
  'max',
  'axis 1',
  (x) => R.max(x, 1),
  () => [distinct([2, 4], 83)],
);
add(
  'max',
  'all',
  (x) => R.max(x),
  () => [distinct([2, 3], 84)],
);
add(
  'min',
  'axis 0 keepDims',
  (x) => R.min(x, 0, true),
  () => [distinct([3, 2], 85)],
);
add(
  'prod',
  'axis 1',
  (x) => R.prod(x, 1),
  () => [awayFromZero([2, 3], 86, 0.5, 1.5)],
);
add(
  'logSumExp',
  'axis -1',
  (x) => R.logSumExp(x, -1),
  () => [uniform([2, 3], -2, 2, 87)],
);
add(
  'variance',
  'axis 1',
  (x) => R.variance(x, 1),
  () => [uniform([2, 4], -2, 2, 88)],
);
add(
  'std',
  'all',
  (x) => R.std(x),
  () => [uniform([2, 3], -2, 2, 89)],
);
add(
  'cumsum',
  'axis 1',
  (x) => R.cumsum(x, 1),
  () => [uniform([2, 4], -2, 2, 90)],
);
add(
  'cumsum',
  'exclusive reverse',
  (x) => R.cumsum(x, 0, true, true),
  () => [uniform([4, 2], -2, 2, 91)],
);

// shapes
const S = shapes;
add(
  'reshape',
  '[2,3] -> [3,2]',
  (x) => S.reshape(x, [3, 2]),
  () => [uniform([2, 3], -2, 2, 100)],
);
add(
  'expandDims',
  'axis -1',
  (x) => S.expandDims(x, -1),
  () => [uniform([2, 3], -2, 2, 101)],
);
add(
  'squeeze',
  'axis 1',
  (x) => S.squeeze(x, 1),
  () => [uniform([2, 1, 3], -2, 2, 102)],
);
add(
  'transpose',
  '[0,2,1]',
  (x) => S.transpose(x, [0, 2, 1]),
  () => [uniform([2, 3, 2], -2, 2, 103)],
);
add(
  'tile',
  '[2,1]',
  (x) => S.tile(x, [2, 1]),
  () => [uniform([2, 3], -2, 2, 104)],
);
add(
  'pad',
  'constant',
  (x) =>
    S.pad(
      x,
      [
        [1, 0],
        [0, 2],
      ],
      'constant',
      0.5,
    ),
  () => [uniform([2, 3], -2, 2, 105)],
);
add(
  'pad',
  'reflect',
  (x) =>
    S.pad(
      x,
      [
        [1, 1],
        [2, 1],
      ],
      'reflect',
    ),
  () => [uniform([3, 3], -2, 2, 106)],
);
add(
  'pad',
  'symmetric',
  (x) =>
    S.pad(
      x,
      [
        [1, 1],
        [2, 0],
      ],
      'symmetric',
    ),
  () => [uniform([3, 3], -2, 2, 107)],
);
add(
  'broadcastTo',
  '[3] -> [2,3]',
  (x) => S.broadcastTo(x, [2, 3]),
  () => [uniform([3], -2, 2, 108)],
);

// combine
const C = combine;
add(
  'concat',
  'axis 1',
  (a, b) => C.concat([a, b], 1),
  () => [uniform([2, 2], -2, 2, 110), uniform([2, 3], -2, 2, 111)],
);
add(
  'stack',
  'axis 1',
  (a, b) => C.stack([a, b], 1),
  () => [uniform([2, 3], -2, 2, 112), uniform([2, 3], -2, 2, 113)],
);
add(
  'unstack',
  'axis 1, pieces weighted differently',
  (x) => tfc.addN(C.unstack(x, 1).map((t, i) => tfc.mul(t, i + 1))),
  () => [uniform([2, 3], -2, 2, 114)],
);
add(
  'split',
  'sizes [1, -1], pieces weighted differently',
  (x) => {
    const [a, b] = C.split(x, [1, -1], 1);
    return tfc.concat([tfc.mul(a, 3), tfc.mul(b, -2)], 1);
  },
  () => [uniform([2, 3], -2, 2, 115)],
);

// math
const M = math;
for (const [ta, tb] of [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const) {
  add(
    'matMul',
    `transposeA ${ta}, transposeB ${tb}`,
    (a, b) => M.matMul(a, b, ta, tb),
    () => [uniform(ta ? [3, 2] : [2, 3], -2, 2, 120), uniform(tb ? [4, 3] : [3, 4], -2, 2, 121)],
  );
}
add(
  'matMul',
  'batched [2,2,3] @ [3,4] (broadcast)',
  (a, b) => M.matMul(a, b),
  () => [uniform([2, 2, 3], -2, 2, 122), uniform([3, 4], -2, 2, 123)],
);
add(
  'dot',
  'vector . vector',
  (a, b) => M.dot(a, b),
  () => [uniform([3], -2, 2, 124), uniform([3], -2, 2, 125)],
);
add(
  'dot',
  'matrix . vector',
  (a, b) => M.dot(a, b),
  () => [uniform([2, 3], -2, 2, 126), uniform([3], -2, 2, 127)],
);
add(
  'tensordot',
  'axes 1',
  (a, b) => M.tensordot(a, b, 1),
  () => [uniform([2, 3], -2, 2, 128), uniform([3, 2], -2, 2, 129)],
);
add(
  'tensordot',
  'axes [[0, 2], [1, 0]]',
  (a, b) =>
    M.tensordot(a, b, [
      [0, 2],
      [1, 0],
    ]),
  () => [uniform([2, 3, 2], -2, 2, 130), uniform([2, 2, 3], -2, 2, 131)],
);
add(
  'norm',
  'euclidean, all',
  (x) => M.norm(x),
  () => [uniform([2, 3], -2, 2, 132)],
);
add(
  'norm',
  'ord 1, axis 1',
  (x) => M.norm(x, 1, 1),
  () => [awayFromZero([2, 3], 133)],
);
add(
  'norm',
  'ord 3, axis 0',
  (x) => M.norm(x, 3, 0),
  () => [awayFromZero([3, 2], 134)],
);
add(
  'norm',
  'ord Infinity, axis 1',
  (x) => M.norm(x, Number.POSITIVE_INFINITY, 1),
  () => [distinct([2, 4], 135)],
);
add(
  'norm',
  "'fro', matrix",
  (x) => M.norm(x, 'fro', [0, 1]),
  () => [uniform([2, 3], -2, 2, 136)],
);
add(
  'norm',
  'ord 1, matrix (max column sum)',
  (x) => M.norm(x, 1, [0, 1]),
  () => [
    tfc.tensor([
      [0.5, -1.2, 0.3],
      [0.7, 0.4, -0.2],
    ]),
  ],
);
add(
  'softmax',
  'last axis',
  (x) => M.softmax(x),
  () => [uniform([2, 3], -2, 2, 137)],
);
add(
  'softmax',
  'axis 0',
  (x) => M.softmax(x, 0),
  () => [uniform([3, 2], -2, 2, 138)],
);
add(
  'logSoftmax',
  'last axis',
  (x) => M.logSoftmax(x),
  () => [uniform([2, 3], -2, 2, 139)],
);
add(
  'logSoftmax',
  'axis 0',
  (x) => M.logSoftmax(x, 0),
  () => [uniform([3, 2], -2, 2, 140)],
);
add(
  'clipByNorm',
  'norm above clipNorm',
  (x) => M.clipByNorm(x, 1),
  () => [uniform([2, 3], 0.5, 2, 141)],
);
add(
  'clipByNorm',
  'norm below clipNorm, axes [1]',
  (x) => M.clipByNorm(x, 10, [1]),
  () => [uniform([2, 3], -2, 2, 142)],
);
add(
  'clipByGlobalNorm',
  'two tensors, clipped',
  (a, b) => {
    const { clipped } = M.clipByGlobalNorm([a, b], 1);
    return tfc.concat([tfc.reshape(clipped[0], [-1]), tfc.reshape(clipped[1], [-1])]);
  },
  () => [uniform([2, 2], 0.5, 2, 143), uniform([3], 0.5, 2, 144)],
);
add(
  'topK',
  'values, k = 2',
  (x) => M.topK(x, 2).values,
  () => [distinct([2, 4], 145)],
);

// autodiff
add(
  'clone',
  'identity gradient',
  (x) => autodiff.clone(x),
  () => [uniform([2, 3], -2, 2, 150)],
);

// complex: differentiate through real inputs
add(
  ['complex', 'complexAbs'],
  '|a + bi|',
  (a, b) => complexOps.complexAbs(complexOps.complex(a, b)),
  () => [awayFromZero([3], 151), awayFromZero([3], 152)],
);
add(
  ['complex', 'complexAbs'],
  '|a + bi| w.r.t. a',
  (a, b) => complexOps.complexAbs(complexOps.complex(a, b)),
  () => [awayFromZero([3], 151), awayFromZero([3], 152)],
  { wrt: [0] },
);
add(
  ['complex', 'real'],
  'real(a + bi) * b w.r.t. a',
  (a, b) => tfc.mul(complexOps.real(complexOps.complex(a, b)), b),
  () => [uniform([3], -2, 2, 155), uniform([3], -2, 2, 156)],
  { wrt: [0] },
);
add(
  ['real', 'imag'],
  'real + 2 imag',
  (a, b) => {
    const z = complexOps.complex(a, b);
    return tfc.add(complexOps.real(z), tfc.mul(complexOps.imag(z), 2));
  },
  () => [uniform([3], -2, 2, 153), uniform([3], -2, 2, 154)],
);

// ---- nn ----

const x1 = (seed: number, shape = [2, 6, 3]) => uniform(shape, -1, 1, seed);
const x2 = (seed: number, shape = [1, 5, 5, 2]) => uniform(shape, -1, 1, seed);
const x3 = (seed: number, shape = [1, 3, 4, 3, 2]) => uniform(shape, -1, 1, seed);

add(
  'conv1d',
  "'valid'",
  (x, k) => nn.conv1d(x, k),
  () => [x1(200), uniform([3, 3, 2], -1, 1, 201)],
);
add(
  'conv1d',
  "'same' strides 2",
  (x, k) => nn.conv1d(x, k, { padding: 'same', strides: 2 }),
  () => [x1(202), uniform([3, 3, 2], -1, 1, 203)],
);
add(
  'conv1d',
  "'causal' dilation 2",
  (x, k) => nn.conv1d(x, k, { padding: 'causal', dilationRate: 2 }),
  () => [x1(204), uniform([2, 3, 2], -1, 1, 205)],
);
add(
  'conv1d',
  'channelsFirst, groups 3',
  (x, k) => nn.conv1d(x, k, { dataFormat: 'channelsFirst', groups: 3 }),
  () => [uniform([1, 3, 5], -1, 1, 206), uniform([2, 1, 3], -1, 1, 207)],
);
add(
  'conv2d',
  "'same'",
  (x, k) => nn.conv2d(x, k, { padding: 'same' }),
  () => [x2(210), uniform([3, 3, 2, 2], -1, 1, 211)],
);
add(
  'conv2d',
  "'valid' strides 2",
  (x, k) => nn.conv2d(x, k, { strides: 2 }),
  () => [x2(212), uniform([3, 3, 2, 2], -1, 1, 213)],
);
add(
  'conv2d',
  "dilation 2 'same'",
  (x, k) => nn.conv2d(x, k, { dilationRate: 2, padding: 'same' }),
  () => [x2(214), uniform([2, 2, 2, 2], -1, 1, 215)],
);
add(
  'conv2d',
  'dilation 2 and strides 2',
  (x, k) => nn.conv2d(x, k, { dilationRate: 2, strides: 2, padding: 'same' }),
  () => [x2(216), uniform([2, 2, 2, 3], -1, 1, 217)],
);
add(
  'conv2d',
  'groups 2, channelsFirst',
  (x, k) => nn.conv2d(x, k, { groups: 2, dataFormat: 'channelsFirst' }),
  () => [uniform([1, 4, 4, 3], -1, 1, 218), uniform([2, 2, 2, 4], -1, 1, 219)],
);
add(
  'conv3d',
  "'same'",
  (x, k) => nn.conv3d(x, k, { padding: 'same' }),
  () => [x3(220), uniform([2, 2, 2, 2, 2], -1, 1, 221)],
);
add(
  'conv3d',
  "'valid' strides [1,2,1]",
  (x, k) => nn.conv3d(x, k, { strides: [1, 2, 1] }),
  () => [x3(222), uniform([2, 2, 2, 2, 2], -1, 1, 223)],
);
add(
  'conv3d',
  'dilation [1,2,1]',
  (x, k) => nn.conv3d(x, k, { dilationRate: [1, 2, 1] }),
  () => [x3(224), uniform([2, 2, 2, 2, 1], -1, 1, 225)],
);
add(
  'conv1dTranspose',
  "'same' strides 2",
  (x, k) => nn.conv1dTranspose(x, k, { strides: 2, padding: 'same' }),
  () => [x1(230, [1, 4, 2]), uniform([3, 3, 2], -1, 1, 231)],
);
add(
  'conv1dTranspose',
  'dilation 2',
  (x, k) => nn.conv1dTranspose(x, k, { dilationRate: 2 }),
  () => [x1(232, [1, 4, 2]), uniform([2, 2, 2], -1, 1, 233)],
);
add(
  'conv2dTranspose',
  "'valid' strides 2",
  (x, k) => nn.conv2dTranspose(x, k, { strides: 2 }),
  () => [x2(234, [1, 3, 3, 2]), uniform([3, 3, 2, 2], -1, 1, 235)],
);
add(
  'conv2dTranspose',
  "'same' strides 2 outputPadding 1",
  (x, k) => nn.conv2dTranspose(x, k, { strides: 2, padding: 'same', outputPadding: 1 }),
  () => [x2(236, [1, 3, 3, 2]), uniform([3, 3, 3, 2], -1, 1, 237)],
);
add(
  'conv3dTranspose',
  "'valid' strides 1",
  (x, k) => nn.conv3dTranspose(x, k),
  () => [x3(238, [1, 2, 3, 2, 2]), uniform([2, 2, 2, 2, 2], -1, 1, 239)],
);
add(
  'conv3dTranspose',
  "'same' strides 2",
  (x, k) => nn.conv3dTranspose(x, k, { strides: 2, padding: 'same' }),
  () => [x3(240, [1, 2, 2, 2, 2]), uniform([3, 2, 2, 2, 2], -1, 1, 241)],
);
add(
  'depthwiseConv1d',
  "'same' multiplier 2",
  (x, k) => nn.depthwiseConv1d(x, k, { padding: 'same' }),
  () => [x1(250), uniform([3, 3, 2], -1, 1, 251)],
);
add(
  'depthwiseConv2d',
  "'valid' multiplier 2",
  (x, k) => nn.depthwiseConv2d(x, k),
  () => [x2(252), uniform([3, 3, 2, 2], -1, 1, 253)],
);
add(
  'depthwiseConv2d',
  "strides 2 'same'",
  (x, k) => nn.depthwiseConv2d(x, k, { strides: 2, padding: 'same' }),
  () => [x2(254), uniform([3, 3, 2, 1], -1, 1, 255)],
);
add(
  'depthwiseConv2d',
  'dilation 2',
  (x, k) => nn.depthwiseConv2d(x, k, { dilationRate: 2 }),
  () => [x2(256), uniform([2, 2, 2, 1], -1, 1, 257)],
);
add(
  'separableConv1d',
  "'valid'",
  (x, d, p) => nn.separableConv1d(x, d, p),
  () => [x1(258), uniform([3, 3, 1], -1, 1, 259), uniform([1, 3, 2], -1, 1, 260)],
);
add(
  'separableConv2d',
  "'same' multiplier 2",
  (x, d, p) => nn.separableConv2d(x, d, p, { padding: 'same' }),
  () => [x2(261, [1, 4, 4, 2]), uniform([3, 3, 2, 2], -1, 1, 262), uniform([1, 1, 4, 3], -1, 1, 263)],
);

// pooling: distinct inputs so max pooling has no near-ties
add(
  'maxPool1d',
  "2 'valid'",
  (x) => nn.maxPool1d(x, 2),
  () => [distinct([2, 6, 2], 270)],
);
add(
  'maxPool1d',
  "3 strides 1 'same'",
  (x) => nn.maxPool1d(x, 3, { strides: 1, padding: 'same' }),
  () => [distinct([1, 5, 2], 271)],
);
add(
  'maxPool2d',
  "2x2 'valid'",
  (x) => nn.maxPool2d(x, 2),
  () => [distinct([1, 4, 4, 2], 272)],
);
add(
  'maxPool2d',
  "3x3 strides 2 'same'",
  (x) => nn.maxPool2d(x, 3, { strides: 2, padding: 'same' }),
  () => [distinct([1, 5, 5, 2], 273)],
);
add(
  'maxPool3d',
  "2 'valid'",
  (x) => nn.maxPool3d(x, 2),
  () => [distinct([1, 2, 4, 4, 2], 274)],
);
add(
  'maxPool3d',
  "[2,2,2] strides 1 'same'",
  (x) => nn.maxPool3d(x, 2, { strides: 1, padding: 'same' }),
  () => [distinct([1, 2, 3, 3, 2], 275)],
);
add(
  'avgPool1d',
  "2 'valid'",
  (x) => nn.avgPool1d(x, 2),
  () => [uniform([2, 6, 2], -1, 1, 276)],
);
add(
  'avgPool1d',
  "3 strides 1 'same' (edge windows average fewer cells)",
  (x) => nn.avgPool1d(x, 3, { strides: 1, padding: 'same' }),
  () => [uniform([1, 5, 2], -1, 1, 277)],
);
add(
  'avgPool2d',
  "2x2 'valid'",
  (x) => nn.avgPool2d(x, 2),
  () => [uniform([1, 4, 4, 2], -1, 1, 278)],
);
add(
  'avgPool2d',
  "3x3 strides 2 'same'",
  (x) => nn.avgPool2d(x, 3, { strides: 2, padding: 'same' }),
  () => [uniform([1, 5, 4, 2], -1, 1, 279)],
);
add(
  'avgPool2d',
  "2x2 strides 1 'same', channelsFirst",
  (x) => nn.avgPool2d(x, 2, { strides: 1, padding: 'same', dataFormat: 'channelsFirst' }),
  () => [uniform([1, 2, 3, 3], -1, 1, 280)],
);
add(
  'avgPool3d',
  "2 'valid'",
  (x) => nn.avgPool3d(x, 2),
  () => [uniform([1, 2, 4, 4, 2], -1, 1, 281)],
);
add(
  'avgPool3d',
  "2 strides 1 'same'",
  (x) => nn.avgPool3d(x, 2, { strides: 1, padding: 'same' }),
  () => [uniform([1, 2, 3, 3, 2], -1, 1, 282)],
);
add(
  'globalMaxPool',
  'NHWC',
  (x) => nn.globalMaxPool(x),
  () => [distinct([2, 3, 3, 2], 283)],
);
add(
  'globalAvgPool',
  'NCW keepDims',
  (x) => nn.globalAvgPool(x, { dataFormat: 'channelsFirst', keepDims: true }),
  () => [uniform([2, 3, 4], -1, 1, 284)],
);

// normalization
add(
  'batchNormalization',
  'all inputs, last axis (fused kernel)',
  (x, m, v, o, s) => nn.batchNormalization(x, m, v, o, s, 1e-3),
  () => [
    uniform([4, 3], -2, 2, 290),
    uniform([3], -1, 1, 291),
    uniform([3], 0.5, 2, 292),
    uniform([3], -1, 1, 293),
    uniform([3], 0.5, 2, 294),
  ],
);
add(
  'batchNormalization',
  'axis 1 of NCHW, no offset',
  (x, m, v, s) => nn.batchNormalization(x, m, v, null, s, 1e-3, 1),
  () => [
    uniform([2, 3, 2, 2], -2, 2, 295),
    uniform([3], -1, 1, 296),
    uniform([3], 0.5, 2, 297),
    uniform([3], 0.5, 2, 298),
  ],
);
add(
  'batchNormalization',
  'last axis, no offset and no scale (fused kernel)',
  (x, m, v) => nn.batchNormalization(x, m, v, null, null, 1e-3),
  () => [uniform([2, 2, 3], -2, 2, 330), uniform([3], -1, 1, 331), uniform([3], 0.5, 2, 332)],
);
add(
  'batchNormalization',
  'rank-5 x, last axis (fused kernel)',
  (x, m, v, o, s) => nn.batchNormalization(x, m, v, o, s, 1e-3),
  () => [
    uniform([1, 2, 2, 1, 3], -2, 2, 333),
    uniform([3], -1, 1, 334),
    uniform([3], 0.5, 2, 335),
    uniform([3], -1, 1, 336),
    uniform([3], 0.5, 2, 337),
  ],
);
add(
  'moments',
  'mean + 2 * variance over axes [0, 1]',
  (x) => {
    const { mean, variance } = nn.moments(x, [0, 1]);
    return tfc.add(mean, tfc.mul(variance, 2));
  },
  () => [uniform([2, 3, 2], -2, 2, 299)],
);
add(
  'localResponseNormalization',
  'depthRadius 1',
  (x) => nn.localResponseNormalization(x, { depthRadius: 1, bias: 1, alpha: 0.5, beta: 0.75 }),
  () => [uniform([1, 2, 2, 4], -1, 1, 300)],
);
add(
  'dropout',
  'fixed seed: the mask is a constant',
  (x) => nn.dropout(x, 0.4, { seed: 7 }),
  () => [uniform([3, 4], -2, 2, 301)],
);
add(
  'dropout',
  'noiseShape [1, null]',
  (x) => nn.dropout(x, 0.5, { seed: 3, noiseShape: [1, null] }),
  () => [uniform([3, 4], -2, 2, 302)],
);

// fused dense products: every activation, inputs away from each kink
for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
  add(
    'linear',
    `activation ${activation}`,
    (x, k, b) => nn.linear(x, k, b, activation),
    () => {
      // pre-activations x @ k + b land away from 0 and 6 for these inputs
      const x = tfc.tensor([
        [0.5, -1.0, 2.0],
        [1.5, 0.3, -0.7],
      ]);
      const k = tfc.tensor([
        [0.2, -0.4],
        [0.7, 0.1],
        [-0.3, 0.5],
      ]);
      return [x, k, tfc.tensor([0.1, -0.2])];
    },
  );
}
add(
  'linear',
  'activation prelu (alpha differentiated too)',
  (x, k, b, a) => nn.linear(x, k, b, 'prelu', a),
  () => [
    tfc.tensor([
      [0.5, -1.0, 2.0],
      [1.5, 0.3, -0.7],
    ]),
    tfc.tensor([
      [0.2, -0.4],
      [0.7, 0.1],
      [-0.3, 0.5],
    ]),
    tfc.tensor([0.1, -0.2]),
    tfc.tensor([0.2, 0.3]),
  ],
);
add(
  'linear',
  'rank-3 x, no bias',
  (x, k) => nn.linear(x, k, null, 'sigmoid'),
  () => [uniform([2, 2, 3], -1, 1, 303), uniform([3, 2], -1, 1, 304)],
);
add(
  'fusedMatMul',
  'transposeB, bias, relu',
  (a, b, c) => nn.fusedMatMul(a, b, { transposeB: true, bias: c, activation: 'relu' }),
  () => [
    tfc.tensor([
      [0.5, -1.0, 2.0],
      [1.5, 0.3, -0.7],
    ]),
    tfc.tensor([
      [0.2, 0.7, -0.3],
      [-0.4, 0.1, 0.5],
    ]),
    tfc.tensor([0.1, -0.2]),
  ],
);
add(
  'fusedMatMul',
  'transposeA, batched, elu',
  (a, b, c) => nn.fusedMatMul(a, b, { transposeA: true, bias: c, activation: 'elu' }),
  () => [uniform([2, 3, 2], -1, 1, 305), uniform([2, 3, 2], -1, 1, 306), uniform([2], -0.5, 0.5, 307)],
);

// image
add(
  'resizeBilinear',
  'half-pixel centers (default), 3x3 -> 5x4',
  (x) => nn.resizeBilinear(x, [5, 4]),
  () => [uniform([1, 3, 3, 2], -1, 1, 310)],
);
add(
  'resizeBilinear',
  'alignCorners, 3x3 -> 2x5',
  (x) => nn.resizeBilinear(x, [2, 5], { alignCorners: true }),
  () => [uniform([1, 3, 3, 1], -1, 1, 311)],
);
add(
  'resizeBilinear',
  'legacy corners, rank 3',
  (x) => nn.resizeBilinear(x, [4, 4], { halfPixelCenters: false }),
  () => [uniform([2, 3, 1], -1, 1, 312)],
);
add(
  'resizeNearestNeighbor',
  '2x3 -> 5x5',
  (x) => nn.resizeNearestNeighbor(x, [5, 5]),
  () => [uniform([1, 2, 3, 2], -1, 1, 313)],
);
add(
  'resizeNearestNeighbor',
  'alignCorners',
  (x) => nn.resizeNearestNeighbor(x, [4, 5], { alignCorners: true }),
  () => [uniform([1, 2, 3, 1], -1, 1, 314)],
);

// activations
add(
  'gelu',
  'exact',
  (x) => nn.gelu(x),
  () => [uniform([2, 3], -3, 3, 320)],
);
add(
  'gelu',
  'tanh approximation',
  (x) => nn.gelu(x, true),
  () => [uniform([2, 3], -3, 3, 321)],
);
add(
  'silu',
  '',
  (x) => nn.silu(x),
  () => [uniform([2, 3], -3, 3, 322)],
);
add(
  'swish',
  '',
  (x) => nn.swish(x),
  () => [uniform([2, 3], -3, 3, 323)],
);
add(
  'mish',
  '',
  (x) => nn.mish(x),
  () => [uniform([2, 3], -3, 3, 324)],
);
add(
  'hardSigmoid',
  'both kinks (+-3) avoided',
  (x) => nn.hardSigmoid(x),
  () => [tfc.tensor([-4, -2.5, -0.5, 1, 2.8, 3.5], [2, 3])],
);
add(
  'hardSilu',
  'both kinks avoided',
  (x) => nn.hardSilu(x),
  () => [tfc.tensor([-4, -2.5, -0.5, 1, 2.8, 3.5], [2, 3])],
);
add(
  'hardSwish',
  'both kinks avoided',
  (x) => nn.hardSwish(x),
  () => [tfc.tensor([-3.5, -1.5, 0.5, 2, 2.9, 4], [2, 3])],
);
add(
  'softsign',
  'away from 0',
  (x) => nn.softsign(x),
  () => [awayFromZero([2, 3], 325)],
);

// ---- known bugs ----

/**
 * Cases that fail today because of a limit outside this package's reach.
 * They run as `it.fails`: once the limit is lifted the case starts to pass,
 * the run goes red, and the entry must be removed here. Keyed by
 * "<ops>: <name>". (The wrong or missing tfjs-core gradients that used to be
 * listed here are replaced in src/gradients/.)
 */
const knownBugs: Record<string, string> = {
  'complex, complexAbs: |a + bi|':
    "tfjs's tape carries only float32 gradients, the real part of a complex64 tensor's: d b needs the imaginary " +
    "part, so complex() throws a DTypeError for it (src/gradients/complex.ts); d a works ('|a + bi| w.r.t. a')",
  'real, imag: real + 2 imag':
    "tfjs's tape carries only float32 gradients, the real part of a complex64 tensor's: imag()'s gradient " +
    "complex(0, dy) has none, so Imag throws a DTypeError (src/gradients/imag.ts); real() works ('real(a + bi) * b w.r.t. a')",
};

// ---- run ----

describe(`gradients match finite differences (${L.getBackend()})`, () => {
  for (const c of cases) {
    const key = `${c.ops.join(', ')}: ${c.name}`;
    const test = key in knownBugs ? it.fails : it;
    test(key in knownBugs ? `${key} [known bug: ${knownBugs[key]}]` : key, () => {
      const before = L.memory().numTensors;
      const worst = tfc.tidy(() => checkGradients(c.f, c.inputs(), c.options));
      expect(worst).toBeGreaterThanOrEqual(0);
      expect(L.memory().numTensors).toBe(before);
    });
  }
});

// ---- coverage ----

/** Exported functions of the covered modules that have no gradient to check, and why. */
const notDifferentiable: Record<string, string> = {
  isNaN: 'boolean output',
  isInf: 'boolean output',
  isFinite: 'boolean output',
  logicalNot: 'boolean in and out',
  equal: 'boolean output',
  notEqual: 'boolean output',
  less: 'boolean output',
  lessEqual: 'boolean output',
  greater: 'boolean output',
  greaterEqual: 'boolean output',
  logicalAnd: 'boolean in and out',
  logicalOr: 'boolean in and out',
  logicalXor: 'boolean in and out',
  all: 'boolean output',
  any: 'boolean output',
  argMax: 'integer output',
  argMin: 'integer output',
  grad: 'a function transform, not an op',
  grads: 'a function transform, not an op',
  valueAndGrad: 'a function transform, not an op',
  valueAndGrads: 'a function transform, not an op',
  customGrad: 'defines a gradient; tested in autodiff.test.ts',
  stopGradient: 'zero gradient by design: finite differences disagree on purpose',
};

describe('coverage', () => {
  it('every exported function of elementwise, reductions, shapes, combine, math, autodiff, complex and nn is checked or classified', () => {
    const covered = new Set(cases.flatMap((c) => c.ops));
    const modules = { elementwise, reductions, shapes, combine, math, autodiff, complex: complexOps, nn };
    const missing: string[] = [];
    for (const [name, mod] of Object.entries(modules)) {
      for (const [exported, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || /^[A-Z]/.test(exported)) continue;
        if (!covered.has(exported) && !(exported in notDifferentiable)) missing.push(`${name}.${exported}`);
      }
    }
    expect(missing).toEqual([]);
    expect(covered.size).toBeGreaterThan(100);
    // every known-bug entry names a case that exists
    const keys = new Set(cases.map((c) => `${c.ops.join(', ')}: ${c.name}`));
    expect(Object.keys(knownBugs).filter((k) => !keys.has(k))).toEqual([]);
  });
});
