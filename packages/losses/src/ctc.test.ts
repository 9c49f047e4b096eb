// CTC: numbers and tolerances from keras/src/losses/losses_test.py (CTCTest.test_correctness,
// assertAllClose: atol = rtol = 1e-6) and keras/src/ops/nn_test.py (NNOpsCorrectnessTest.test_ctc_loss,
// assertAllClose: atol = rtol = 1e-6), plus reference values from PyTorch 1.13 (Debian's python3-torch) in
// float64, produced by this script:
//
//   import numpy as np, torch
//   import torch.nn.functional as F
//   def keras_ctc(y_true, logits):  # keras.losses.ctc: blank 0, label length = count(y_true != 0), all T frames
//       y = torch.tensor(y_true, dtype=torch.long)
//       x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
//       B, T, C = x.shape
//       lp = F.log_softmax(x, -1).transpose(0, 1)
//       loss = F.ctc_loss(lp, y, torch.full((B,), T), (y != 0).sum(-1), blank=0, reduction='none')
//       return x, loss
//   logits = (np.arange(24).reshape((2, 4, 3)).astype('float32') - 12) / 100
//   print(keras_ctc([[1, 2, 1, 0], [1, 2, 0, 2]], logits)[1])          # CTCTest, per sample
//   rng = np.random.RandomState(0)
//   logits = rng.randn(3, 6, 5).round(2)                                # RANDOM_LOGITS below
//   x, l = keras_ctc([[1, 1, 2, 0], [3, 4, 3, 2], [2, 0, 0, 0]], logits)
//   l.sum().backward(); print(l, x.grad.numpy().round(6))               # RANDOM_LOSSES, RANDOM_GRAD
//   # ctcLoss: blank 4 (maskIndex -1), per-sample lengths, labels padded with -1 (0 for PyTorch: never read)
//   labels = [[0, 0, 1, -1], [2, 3, -1, -1], [1, 2, 3, 0]]; tl = [3, 2, 4]; ol = [6, 3, 5]
//   x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
//   lp = F.log_softmax(x, -1).transpose(0, 1)
//   y = torch.tensor([[v if v >= 0 else 0 for v in r] for r in labels])
//   l = F.ctc_loss(lp, y, torch.tensor(ol), torch.tensor(tl), blank=4, reduction='none')   # VARIABLE_LOSSES
//   (l * torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)).sum().backward()             # VARIABLE_GRAD
//   # A long case: T = 200, 6 classes, labels of 40 and 30 ids (with repeats), logits up to +-8
//   B, T, C = 2, 200, 6
//   b, t, k = np.meshgrid(np.arange(B), np.arange(T), np.arange(C), indexing='ij')
//   long_logits = 8 * np.sin(1 + 0.7 * b + 0.31 * t + 1.3 * k)
//   lab = [[1 + (i * 7 // 3) % 5 for i in range(40)], [1 + (i * i) % 5 for i in range(30)] + [0] * 10]
//   xl, l = keras_ctc(lab, long_logits); l.sum().backward()        # LONG_LOSSES; xl.grad[0, 100], xl.grad[1, 7]
//
// PyTorch takes log probabilities (log_softmax is applied in the script), and its reduction='mean' divides by
// the label lengths: the script uses reduction='none'.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, mul, sliceRange, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { CTC, ctc, ctcLoss } from './ctc.js';

/** CTCTest's logits: (arange(24).reshape(2, 4, 3) - 12) / 100. */
const KERAS_LOGITS = Array.from({ length: 2 }, (_, b) =>
  Array.from({ length: 4 }, (_, t) => Array.from({ length: 3 }, (_, k) => (b * 12 + t * 3 + k - 12) / 100)),
);
const KERAS_LABELS = [
  [1, 2, 1, 0],
  [1, 2, 0, 2],
];
/** PyTorch's per-sample values for CTCTest's inputs (their mean is Keras's 2.448645). */
const KERAS_PER_SAMPLE = [2.4429314653403953, 2.4543600036268796];

const RANDOM_LOGITS = [
  [
    [1.76, 0.4, 0.98, 2.24, 1.87],
    [-0.98, 0.95, -0.15, -0.1, 0.41],
    [0.14, 1.45, 0.76, 0.12, 0.44],
    [0.33, 1.49, -0.21, 0.31, -0.85],
    [-2.55, 0.65, 0.86, -0.74, 2.27],
    [-1.45, 0.05, -0.19, 1.53, 1.47],
  ],
  [
    [0.15, 0.38, -0.89, -1.98, -0.35],
    [0.16, 1.23, 1.2, -0.39, -0.3],
    [-1.05, -1.42, -1.71, 1.95, -0.51],
    [-0.44, -1.25, 0.78, -1.61, -0.21],
    [-0.9, 0.39, -0.51, -1.18, -0.03],
    [0.43, 0.07, 0.3, -0.63, -0.36],
  ],
  [
    [-0.67, -0.36, -0.81, -1.73, 0.18],
    [-0.4, -1.63, 0.46, -0.91, 0.05],
    [0.73, 0.13, 1.14, -1.23, 0.4],
    [-0.68, -0.87, -0.58, -0.31, 0.06],
    [-1.17, 0.9, 0.47, -1.54, 1.49],
    [1.9, 1.18, -0.18, -1.07, 1.05],
  ],
];
const RANDOM_LABELS = [
  [1, 1, 2, 0],
  [3, 4, 3, 2],
  [2, 0, 0, 0],
];
const RANDOM_LOSSES = [8.044268383647774, 7.673179370320533, 6.400182852141249];
/** d(sum of RANDOM_LOSSES) / d(RANDOM_LOGITS). */
const RANDOM_GRAD = [
  [
    [-0.498242, -0.219199, 0.103072, 0.363374, 0.250995],
    [-0.067011, -0.457963, 0.13808, 0.14516, 0.241734],
    [-0.531558, 0.06063, 0.208982, 0.110195, 0.151752],
    [-0.191524, -0.110269, 0.089344, 0.161745, 0.050705],
    [-0.004857, -0.455231, -0.23972, 0.032874, 0.666933],
    [-0.067832, 0.094878, -0.836364, 0.416795, 0.392523],
  ],
  [
    [-0.20231, 0.377117, 0.105906, -0.46245, 0.181736],
    [-0.168776, 0.366584, 0.35575, -0.17233, -0.381228],
    [0.028343, 0.02877, 0.021527, -0.081132, 0.002492],
    [0.046406, 0.069498, 0.204164, -0.019816, -0.300252],
    [-0.014261, 0.392629, -0.193679, -0.442665, 0.257976],
    [0.021963, 0.206653, -0.465667, 0.102621, 0.13443],
  ],
  [
    [-0.499178, 0.230352, -0.184993, 0.058534, 0.395285],
    [-0.135877, 0.050185, -0.286683, 0.103102, 0.269272],
    [0.043168, 0.140167, -0.402924, 0.035975, 0.183614],
    [-0.065168, 0.1277, -0.609749, 0.223561, 0.323657],
    [-0.234238, 0.27264, -0.554005, 0.023764, 0.491839],
    [-0.438985, 0.232851, -0.022874, 0.024542, 0.204466],
  ],
];

describe('CTC (keras/src/losses/losses_test.py CTCTest)', () => {
  it('test_correctness: 2.448645 (atol = rtol = 1e-6)', () => {
    tidy(() => {
      expectAllClose(new CTC().compute(KERAS_LABELS, KERAS_LOGITS), 2.448645, 1e-6, 1e-6);
      expectAllClose(ctc(KERAS_LABELS, KERAS_LOGITS), KERAS_PER_SAMPLE, 1e-6, 1e-6);
    });
  });

  it('ops.ctc_loss (keras/src/ops/nn_test.py test_ctc_loss, atol = rtol = 1e-6)', () => {
    tidy(() => {
      const outputs = [
        [
          [0.4, 0.8, 0.4],
          [0.2, 0.8, 0.3],
          [0.9, 0.4, 0.5],
        ],
        [
          [0.4, 0.8, 0.4],
          [0.2, 0.3, 0.3],
          [0.4, 0.3, 0.2],
        ],
      ];
      const labels = [
        [1, 2, 1],
        [1, 2, 2],
      ];
      expectAllClose(ctcLoss(labels, outputs, [3, 2], [3, 2]), [3.4411672, 1.91680186], 1e-6, 1e-6);
    });
  });

  it('matches PyTorch: values and closed-form gradient', () => {
    tidy(() => {
      expectAllClose(ctc(RANDOM_LABELS, RANDOM_LOGITS), RANDOM_LOSSES, 1e-5, 1e-5);
      const x = tensor(RANDOM_LOGITS);
      const { value, grads } = valueAndGrads((p) => sum(ctc(RANDOM_LABELS, p)))([x]);
      expectAllClose(value, RANDOM_LOSSES[0] + RANDOM_LOSSES[1] + RANDOM_LOSSES[2], 1e-5, 1e-5);
      expectAllClose(grads[0], RANDOM_GRAD, 1e-5, 1e-5);
    });
  });

  it('checkGradients on a small case with a repeat, padding and an empty label', () => {
    tidy(() => {
      const labels = tensor(
        [
          [1, 1, 0],
          [2, 1, 0],
          [0, 0, 0],
        ],
        undefined,
        'int32',
      );
      const x = sliceRange(tensor(RANDOM_LOGITS), [0, 0, 0], [3, 4, 3]);
      checkGradients((p) => ctc(labels, p), [x]);
    });
  });

  it('does not leak tensors (forward and backward)', async () => {
    const x = tensor(RANDOM_LOGITS);
    const y = tensor(RANDOM_LABELS, undefined, 'int32');
    const loss = new CTC();
    await expectStableTensorCount(() => tidy(() => valueAndGrads((p) => loss.compute(y, p))([x]).value));
    const before = memory().numTensors;
    dispose(loss.compute(y, x));
    expect(memory().numTensors).toBe(before);
    dispose([x, y]);
  });
});

const VARIABLE_LABELS = [
  [0, 0, 1, -1],
  [2, 3, -1, -1],
  [1, 2, 3, 0],
];
const VARIABLE_LOSSES = [6.512661840274393, 2.306435334683456, 6.886283255957261];
/** d(1 * l0 - 2 * l1 + 0.5 * l2) / d(RANDOM_LOGITS): zero past each sample's frames. */
const VARIABLE_GRAD = [
  [
    [-0.742303, 0.05771, 0.103072, 0.363374, 0.218147],
    [-0.001838, 0.414816, 0.13808, 0.14516, -0.696218],
    [-0.70798, 0.416651, 0.208982, 0.110195, -0.027847],
    [-0.101386, -0.180197, 0.096161, 0.161745, 0.023678],
    [0.003924, -0.154582, 0.162827, 0.032874, -0.045043],
    [0.02117, -0.107142, 0.074634, 0.416795, -0.405457],
  ],
  [
    [-0.599265, -0.754235, 0.702273, -0.071215, 0.722441],
    [-0.251483, -0.733168, 1.007228, -0.005021, -0.017557],
    [-0.083302, -0.057539, -0.043055, 0.315817, -0.131921],
    [0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0],
  ],
  [
    [0.084475, -0.356089, 0.073439, 0.029267, 0.168908],
    [0.085848, -0.020388, -0.1618, 0.051551, 0.044789],
    [0.1277, 0.070084, -0.07829, -0.146707, 0.027213],
    [-0.056506, 0.06385, 0.085331, -0.236181, 0.143506],
    [-0.357823, 0.13632, 0.088677, 0.011882, 0.120944],
    [0, 0, 0, 0, 0],
  ],
];

describe('ctcLoss (Keras ops.ctc_loss): lengths and blank index, against PyTorch', () => {
  it('per-sample label and frame lengths, blank = last class (maskIndex -1 and 4 agree)', () => {
    tidy(() => {
      expectAllClose(ctcLoss(VARIABLE_LABELS, RANDOM_LOGITS, [3, 2, 4], [6, 3, 5], -1), VARIABLE_LOSSES, 1e-5, 1e-5);
      // Tensors (not read back) give the same values as plain arrays.
      const labels = tensor(VARIABLE_LABELS, undefined, 'int32');
      expectAllClose(
        ctcLoss(labels, tensor(RANDOM_LOGITS), tensor([3, 2, 4], undefined, 'int32'), tensor([6, 3, 5]), 4),
        VARIABLE_LOSSES,
        1e-5,
        1e-5,
      );
    });
  });

  it('gradient matches PyTorch, zero past each sample frames', () => {
    tidy(() => {
      const w = tensor([1, -2, 0.5]);
      const { grads } = valueAndGrads((p) => sum(mul(ctcLoss(VARIABLE_LABELS, p, [3, 2, 4], [6, 3, 5], 4), w)))([
        tensor(RANDOM_LOGITS),
      ]);
      expectAllClose(grads[0], VARIABLE_GRAD, 1e-5, 1e-5);
    });
  });

  it('checkGradients with per-sample lengths', () => {
    tidy(() => {
      const x = sliceRange(tensor(RANDOM_LOGITS), [0, 0, 0], [3, 5, 4]);
      checkGradients(
        (p) =>
          ctcLoss(
            [
              [1, 1],
              [2, 0],
              [3, 2],
            ],
            p,
            [2, 1, 2],
            [5, 2, 4],
            0,
          ),
        [x],
      );
    });
  });

  it('a label that cannot fit its frames: Infinity with a zero gradient when given as a tensor', () => {
    tidy(() => {
      const labels = tensor(
        [
          [1, 1, 2],
          [1, 2, 0],
        ],
        undefined,
        'int32',
      );
      // Sample 0 needs 4 frames (1, blank, 1, 2) and has 3; sample 1 fits.
      const x = sliceRange(tensor(RANDOM_LOGITS), [0, 0, 0], [2, 3, 3]);
      const { value, grads } = valueAndGrads((p) => sum(ctc(labels, p)))([x]);
      const perSample = ctc(labels, x).arraySync() as number[];
      expect(perSample[0]).toBe(Number.POSITIVE_INFINITY);
      expect(Number.isFinite(perSample[1])).toBe(true);
      expect(value.dataSync()[0]).toBe(Number.POSITIVE_INFINITY);
      const g = grads[0].arraySync() as number[][][];
      expect(g[0].flat().every((v) => v === 0)).toBe(true);
      expect(g[1].flat().some((v) => v !== 0)).toBe(true);
    });
  });

  it('zero frames: an empty label has loss 0, a non-empty one Infinity', () => {
    tidy(() => {
      const x = sliceRange(tensor(RANDOM_LOGITS), [0, 0, 0], [2, 3, 3]);
      const out = ctcLoss(
        tensor([[0], [1]], undefined, 'int32'),
        x,
        tensor([0, 1], undefined, 'int32'),
        tensor([0, 0], undefined, 'int32'),
      );
      expect(out.arraySync()).toEqual([0, Number.POSITIVE_INFINITY]);
    });
  });
});

describe('CTC: long sequences, reductions, config, errors', () => {
  const B = 2;
  const T = 200;
  const C = 6;
  const longLogits = Array.from({ length: B }, (_, b) =>
    Array.from({ length: T }, (_, t) =>
      Array.from({ length: C }, (_, k) => 8 * Math.sin(1 + 0.7 * b + 0.31 * t + 1.3 * k)),
    ),
  );
  const longLabels = [
    Array.from({ length: 40 }, (_, i) => 1 + (Math.floor((i * 7) / 3) % 5)),
    [...Array.from({ length: 30 }, (_, i) => 1 + ((i * i) % 5)), ...new Array(10).fill(0)],
  ];

  it('stays finite and matches PyTorch over 200 frames with labels of 40 ids (rtol 1e-5)', () => {
    tidy(() => {
      // The logits are rounded to float32 here (|error| <= 5e-7 each), PyTorch's are float64.
      const x = tensor(longLogits);
      const { value, grads } = valueAndGrads((p) => sum(ctc(longLabels, p)))([x]);
      expectAllClose(ctc(longLabels, x), [386.6685803623912, 489.8930080996115], 1e-4, 1e-5);
      expectAllClose(value, 386.6685803623912 + 489.8930080996115, 1e-4, 1e-5);
      const g = grads[0].arraySync() as number[][][];
      expectAllClose(tensor(g[0][100]), [-0.288892, 0.671176, -0.259414, -7e-5, -7.3e-5, -0.122728], 1e-4, 1e-4);
      expectAllClose(tensor(g[1][7]), [-0.000352, -0.004668, -0.993464, 0.992966, 0.005518, 0], 1e-4, 1e-4);
    });
  });

  it("reductions and sample weights (Keras's reduce_weighted_values)", () => {
    tidy(() => {
      const [l0, l1, l2] = RANDOM_LOSSES;
      expectAllClose(new CTC({ reduction: 'sum' }).compute(RANDOM_LABELS, RANDOM_LOGITS), l0 + l1 + l2, 1e-5, 1e-5);
      expectAllClose(new CTC({ reduction: 'none' }).compute(RANDOM_LABELS, RANDOM_LOGITS), RANDOM_LOSSES, 1e-5, 1e-5);
      expectAllClose(new CTC({ reduction: null }).compute(RANDOM_LABELS, RANDOM_LOGITS), RANDOM_LOSSES, 1e-5, 1e-5);
      expectAllClose(new CTC().compute(RANDOM_LABELS, RANDOM_LOGITS), (l0 + l1 + l2) / 3, 1e-5, 1e-5);
      expectAllClose(new CTC().compute(RANDOM_LABELS, RANDOM_LOGITS, 2.5), (2.5 * (l0 + l1 + l2)) / 3, 1e-5, 1e-5);
      const w = [1.5, 0, 2];
      const weighted = 1.5 * l0 + 2 * l2;
      expectAllClose(new CTC().compute(RANDOM_LABELS, RANDOM_LOGITS, w), weighted / 3, 1e-5, 1e-5);
      expectAllClose(new CTC({ reduction: 'sum' }).compute(RANDOM_LABELS, RANDOM_LOGITS, w), weighted, 1e-5, 1e-5);
      expectAllClose(new CTC({ reduction: 'mean' }).compute(RANDOM_LABELS, RANDOM_LOGITS, w), weighted / 3, 1e-5, 1e-5);
      expectAllClose(
        new CTC({ reduction: 'none' }).compute(RANDOM_LABELS, RANDOM_LOGITS, w),
        [1.5 * l0, 0, 2 * l2],
        1e-5,
        1e-5,
      );
    });
  });

  it('peaked logits (RANDOM_LOGITS * 50) stay finite and match PyTorch', () => {
    // PyTorch, as RANDOM_LOSSES with logits * 50: per-sample losses and d(sum)/d(logits[0]).
    tidy(() => {
      const x = mul(tensor(RANDOM_LOGITS), 50);
      const { grads } = valueAndGrads((p) => sum(ctc(RANDOM_LABELS, p)))([x]);
      expectAllClose(ctc(RANDOM_LABELS, x), [245.99997377911194, 199.702925734149, 125.49908854528603], 1e-4, 1e-5);
      const g0 = [
        [-1, 0, 0, 1, 0],
        [0, 0, 0, 0, 0],
        [-0.952575, 0.952575, 0, 0, 0],
        [-0.047425, 0.047425, 0, 0, 0],
        [0, -0.047451, -0.952549, 0, 1],
        [0, 0, -1, 0.952574, 0.047426],
      ];
      expectAllClose(sliceRange(grads[0], [0, 0, 0], [1, 6, 5]), [g0], 1e-4, 1e-4);
    });
  });

  it('float labels (as a LossFunctionWrapper passes them) and int32 labels agree', () => {
    tidy(() => {
      const asFloat = ctc(tensor(RANDOM_LABELS), tensor(RANDOM_LOGITS));
      const asInt = ctc(tensor(RANDOM_LABELS, undefined, 'int32'), tensor(RANDOM_LOGITS));
      expect(asFloat.arraySync()).toEqual(asInt.arraySync());
    });
  });

  it('test_config: getConfig and serialization round trip', () => {
    const loss = new CTC({ name: 'myctc' });
    expect(loss.getConfig()).toEqual({ name: 'myctc', reduction: 'sum_over_batch_size' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'CTC',
      config: { name: 'myctc', reduction: 'sum_over_batch_size' },
    });
    const back = deserialize<CTC>(json);
    expect(back).toBeInstanceOf(CTC);
    expect(back.getConfig()).toEqual(loss.getConfig());
    // Keras's defaults and a Keras config (snake_case, dtype, reduction None).
    expect(new CTC().name).toBe('ctc');
    const fromKeras = CTC.fromConfig({ name: 'ctc', reduction: null, dtype: 'float32' });
    expect(fromKeras.reduction).toBe('none');
    expect(() => CTC.fromConfig({ name: 'ctc', blank: 3 })).toThrow(/blank/);
  });

  it('rejects wrong ranks, batch sizes and labels that cannot fit (plain arrays)', () => {
    const loss = new CTC();
    expect(() => ctc([1, 2], KERAS_LOGITS)).toThrow(ShapeError);
    expect(() => ctc([1, 2], KERAS_LOGITS)).toThrow(
      /yTrue has shape \[2\]; expected integer labels of shape \[batch, maxLabelLength\]/,
    );
    expect(() => loss.compute(KERAS_LABELS, KERAS_LOGITS[0])).toThrow(
      /yPred has shape \[4,3\]; expected logits of shape \[batch, timeSteps, classes\]/,
    );
    expect(() => ctc([[1, 2]], KERAS_LOGITS)).toThrow(/different batch sizes/);
    // 3 ids with one repeat need 4 frames; the logits have 4: fine. With a second repeat: 5 > 4.
    expect(() =>
      ctc(
        [
          [1, 1, 2, 0],
          [1, 2, 2, 2],
        ],
        KERAS_LOGITS,
      ),
    ).toThrow(ValueError);
    expect(() =>
      loss.compute(
        [
          [1, 1, 2, 0],
          [1, 2, 2, 2],
        ],
        KERAS_LOGITS,
      ),
    ).toThrow(/sample 1 \(4 ids: \[1, 2, 2, 2\]\) needs at least 6 time steps .* but has 4/);
    expect(() =>
      ctc(
        [
          [1, 3, 0, 0],
          [1, 0, 0, 0],
        ],
        KERAS_LOGITS,
      ),
    ).toThrow(/label 1 of sample 0 is 3; expected an integer class id in \[0, 3\)/);
    expect(() => ctcLoss(KERAS_LABELS, KERAS_LOGITS, [3, 5], [4, 4])).toThrow(
      /targetLength\[1\] is 5; expected an integer in \[0, 4\]/,
    );
    expect(() => ctcLoss(KERAS_LABELS, KERAS_LOGITS, [3, 3, 3], [4, 4])).toThrow(
      /targetLength has shape \[3\]; expected \[2\]/,
    );
    expect(() => ctcLoss(KERAS_LABELS, KERAS_LOGITS, [3, 3], [4, 5])).toThrow(/outputLength\[1\] is 5/);
    expect(() => ctcLoss(KERAS_LABELS, KERAS_LOGITS, [3, 3], [4, 2])).toThrow(/needs at least 3 time steps/);
    expect(() => ctcLoss(KERAS_LABELS, KERAS_LOGITS, [3, 3], [4, 4], 3)).toThrow(/maskIndex is 3/);
  });
});
