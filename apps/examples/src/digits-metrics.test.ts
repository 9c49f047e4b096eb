/**
 * The metrics given to `compile` report the right numbers in `fit` and
 * `evaluate`: every value is recomputed here in plain JavaScript (doubles)
 * from `predict`'s probabilities, with Keras 3's definitions, and compared.
 */
import type { Logs } from '@layerwise/core';
import type { Model, Sequential } from '@layerwise/models';
import { Adam, SGD } from '@layerwise/optimizers';
import { getBackend, memory, setSeed, type Tensor } from '@layerwise/tensors';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDigitParityModel,
  buildDigitsMlp,
  type DigitsMetricsResult,
  loadDigitsData,
  runDigitsMetrics,
} from './digits-metrics.js';

const EPS = 1e-7; // Keras's backend epsilon

// ---- plain-JavaScript references -------------------------------------------------------------------

/** Rows of a row-major `[n, k]` buffer. */
function rows(flat: ArrayLike<number>, k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += k) out.push(Array.from({ length: k }, (_, j) => flat[i + j]));
  return out;
}

function argmax(row: number[]): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return best;
}

/** Categorical accuracy: `sum(w * [argmax p == label]) / sum(w)`. */
function accuracyOf(probs: number[][], labels: number[], w?: number[]): number {
  let hit = 0;
  let total = 0;
  probs.forEach((p, i) => {
    const wi = w?.[i] ?? 1;
    hit += wi * (argmax(p) === labels[i] ? 1 : 0);
    total += wi;
  });
  return hit / total;
}

/**
 * Keras's Precision and Recall at one threshold over every entry of
 * `[n, k]` predictions and 0/1 targets (no classId, no topK): an entry is
 * predicted positive when `p > threshold`; a sample weight weighs every
 * entry of its row.
 */
function precisionRecall(probs: number[][], targets: number[][], threshold: number, w?: number[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  probs.forEach((row, i) => {
    const wi = w?.[i] ?? 1;
    row.forEach((p, j) => {
      const positive = p > threshold;
      const truth = targets[i][j] === 1;
      if (positive && truth) tp += wi;
      else if (positive) fp += wi;
      else if (truth) fn += wi;
    });
  });
  return { tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

/**
 * Keras's `F1Score(average='macro', threshold=None)`
 * (keras/src/metrics/f_score_metrics.py): with no threshold, the entries
 * equal to their row's maximum (and above 1e-9) count as predicted; per
 * class `precision = tp / (tp + fp + eps)`, `recall = tp / (tp + fn + eps)`,
 * `f1 = 2 * precision * recall / (precision + recall + eps)`; macro is the
 * unweighted mean over classes.
 */
function macroF1(probs: number[][], targets: number[][]): number {
  const k = targets[0].length;
  const tp = new Array<number>(k).fill(0);
  const fp = new Array<number>(k).fill(0);
  const fn = new Array<number>(k).fill(0);
  probs.forEach((row, i) => {
    const top = Math.max(...row);
    row.forEach((p, j) => {
      const predicted = p >= top && Math.abs(p) > 1e-9;
      const truth = targets[i][j] === 1;
      if (predicted && truth) tp[j]++;
      else if (predicted) fp[j]++;
      else if (truth) fn[j]++;
    });
  });
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const precision = tp[j] / (tp[j] + fp[j] + EPS);
    const recall = tp[j] / (tp[j] + fn[j] + EPS);
    sum += (2 * precision * recall) / (precision + recall + EPS);
  }
  return sum / k;
}

/**
 * ROC AUC of scores against 0/1 labels, two ways:
 *
 * - `bucketed`: Keras's `AUC()` exactly (200 thresholds `-eps, 1/199, ...,
 *   198/199, 1 + eps`; counts of `p > t` per threshold; the trapezoid rule
 *   `sum_i (fpr_i - fpr_{i+1}) * (tpr_i + tpr_{i+1}) / 2`).
 * - `exact`: the Mann-Whitney statistic, the share of (positive, negative)
 *   pairs ranked in order (ties count half), which is the exact trapezoid
 *   area under the ROC curve through every distinct score.
 *
 * The trapezoid over the thresholds is the same pair count with scores
 * replaced by their bin `(t_i, t_{i+1}]`, pairs in one bin counting half.
 * So the two differ only by pairs that share a bin, each by at most 1/2:
 * `bound = sum_b pos_b * neg_b / (2 * P * N)` is a tolerance that the data
 * justify.
 */
function rocAuc(scores: number[], labels: number[], numThresholds = 200) {
  const T = numThresholds;
  const thresholds = [-EPS, ...Array.from({ length: T - 2 }, (_, i) => (i + 1) / (T - 1)), 1 + EPS];
  const tp = new Array<number>(T).fill(0);
  const fp = new Array<number>(T).fill(0);
  const binPos = new Array<number>(T).fill(0);
  const binNeg = new Array<number>(T).fill(0);
  let P = 0;
  let N = 0;
  scores.forEach((p, i) => {
    const pos = labels[i] === 1;
    if (pos) P++;
    else N++;
    let above = 0; // thresholds strictly below p: p counts for thresholds 0..above-1
    for (let t = 0; t < T; t++) if (p > thresholds[t]) above = t + 1;
    for (let t = 0; t < above; t++) {
      if (pos) tp[t]++;
      else fp[t]++;
    }
    (pos ? binPos : binNeg)[above - 1]++; // the bin (t_{above-1}, t_above]
  });
  let bucketed = 0;
  for (let t = 0; t < T - 1; t++) {
    const fpr0 = fp[t] / N;
    const fpr1 = fp[t + 1] / N;
    bucketed += ((fpr0 - fpr1) * (tp[t] / P + tp[t + 1] / P)) / 2;
  }
  // Mann-Whitney: sort by score, average ranks over ties.
  const order = scores.map((s, i) => [s, labels[i]] as const).sort((a, b) => a[0] - b[0]);
  let rankSumPos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const rank = (i + 1 + j) / 2; // ranks i+1..j averaged
    for (let m = i; m < j; m++) if (order[m][1] === 1) rankSumPos += rank;
    i = j;
  }
  const exact = (rankSumPos - (P * (P + 1)) / 2) / (P * N);
  const sameBinPairs = binPos.reduce((s, pb, b) => s + pb * binNeg[b], 0);
  return { bucketed, exact, bound: sameBinPairs / (2 * P * N) };
}

/** Keras's categorical crossentropy of one row: probabilities normalized, clipped to [eps, 1 - eps]. */
function crossentropy(p: number[], label: number): number {
  const s = p.reduce((a, b) => a + b, 0);
  const q = Math.min(Math.max(p[label] / s, EPS), 1 - EPS);
  return -Math.log(q);
}

/** Keras's binary crossentropy of one probability, clipped to [eps, 1 - eps]. */
function binaryCrossentropy(p: number, y: number): number {
  const c = Math.min(Math.max(p, EPS), 1 - EPS);
  return -(y * Math.log(c) + (1 - y) * Math.log(1 - c));
}

/** `sum(w * l) / n`: Keras's `sum_over_batch_size`, which the engine averages over batches by batch size. */
function weightedMeanOverSamples(values: number[], w?: number[]): number {
  return values.reduce((s, v, i) => s + v * (w?.[i] ?? 1), 0) / values.length;
}

async function predictRows(model: Model | Sequential, x: number[][], k: number): Promise<number[][]> {
  const out = (await model.predict(x)) as Tensor;
  const flat = await out.data();
  out.dispose();
  return rows(flat, k);
}

/** `|a - b| <= tol` with a message that names the metric. */
function expectClose(name: string, actual: number, expected: number, tol: number): void {
  expect(
    Math.abs(actual - expected),
    `${name}: got ${actual}, expected ${expected} (tolerance ${tol})`,
  ).toBeLessThanOrEqual(tol);
}

// ---- the tests ---------------------------------------------------------------------------------------

describe(`compiled metrics on the digits (${getBackend()})`, () => {
  let run: DigitsMetricsResult;
  beforeAll(async () => {
    run = await runDigitsMetrics({ epochs: 5 });
  }, 60_000);

  it('evaluate reports accuracy, precision, recall, macro F1 and AUC as recomputed from predict', () => {
    const { data, evaluation } = run;
    const probs = rows(run.probabilities, 10);
    expect(probs).toHaveLength(359);
    expect(Object.keys(evaluation).sort()).toEqual(['accuracy', 'auc', 'f1_score', 'loss', 'precision', 'recall']);

    const accuracy = accuracyOf(probs, data.labelsTest);
    const pr = precisionRecall(probs, data.yTest, 0.5);
    const f1 = macroF1(probs, data.yTest);
    const auc = rocAuc(probs.flat(), data.yTest.flat());
    const loss = weightedMeanOverSamples(probs.map((p, i) => crossentropy(p, data.labelsTest[i])));

    // Counts-based metrics: the same counts, so float32 rounding only.
    expectClose('accuracy', evaluation.accuracy, accuracy, 1e-5);
    expectClose('precision', evaluation.precision, pr.precision, 1e-5);
    expectClose('recall', evaluation.recall, pr.recall, 1e-5);
    expectClose('f1_score', evaluation.f1_score, f1, 1e-5);
    // AUC: Keras's 200-threshold trapezoid exactly, and the exact area within the same-bin bound.
    expectClose('auc (bucketed)', evaluation.auc, auc.bucketed, 1e-5);
    expect(auc.bound).toBeLessThan(1e-2);
    expectClose('auc (exact)', evaluation.auc, auc.exact, auc.bound + 1e-5);
    expectClose('loss', evaluation.loss, loss, 1e-5);

    // The model learned: 5 epochs of a 32-unit MLP reach > 0.9 on held-out digits.
    expect(accuracy).toBeGreaterThan(0.9);
    expect(pr.precision).toBeGreaterThan(0.9);
    expect(pr.recall).toBeGreaterThan(0.85);
    expect(f1).toBeGreaterThan(0.9);
    expect(auc.exact).toBeGreaterThan(0.99);
    // The three measures really differ here (no metric silently reports another's value).
    expect(pr.precision).not.toBeCloseTo(pr.recall, 4);
    // Measured (cpu and wasm alike): accuracy 0.961003, precision 0.974432, recall 0.955432,
    // macro F1 0.960106, AUC 0.998026 (exact 0.999237, same-bin bound 1.22e-3), loss 0.120525,
    // each equal to the independent value to the printed digits.
  });

  it("fit's History reports the same metrics on the validation data as evaluate after the last epoch", () => {
    const { history, evaluation } = run;
    const names = ['accuracy', 'auc', 'f1_score', 'loss', 'precision', 'recall'];
    expect(Object.keys(history).sort()).toEqual([...names, ...names.map((n) => `val_${n}`)].sort());
    for (const values of Object.values(history)) expect(values).toHaveLength(5);
    for (const n of names) expectClose(`val_${n}`, history[`val_${n}`][4], evaluation[n], 1e-6);
    // The training curves are real per-epoch values: they moved, and the loss fell.
    expect(history.loss[4]).toBeLessThan(history.loss[0] / 2);
    expect(history.accuracy[4]).toBeGreaterThan(history.accuracy[0]);
    for (const n of ['accuracy', 'precision', 'recall', 'f1_score', 'auc']) {
      for (const v of history[n]) expect(v > 0 && v <= 1, `${n} = ${v}`).toBe(true);
    }
  });

  it('the training-side metrics of fit are the same numbers: one epoch that cannot move the weights', async () => {
    // With SGD at learning rate 0 an epoch leaves the weights as they are, so the metrics fit accumulates over
    // the (shuffled) training batches must equal the ones recomputed from predict, and the validation ones.
    const data = loadDigitsData(0);
    const model = buildDigitsMlp(11);
    const warmup = new Adam({ learningRate: 1e-2 });
    const frozen = new SGD({ learningRate: 0 });
    try {
      model.compile({ optimizer: warmup, loss: 'categorical_crossentropy' });
      setSeed(12);
      await model.fit(data.xTrain, data.yTrain, { epochs: 2, batchSize: 32, verbose: 0 });
      const metrics = ['accuracy', 'precision', 'recall', 'auc'];
      model.compile({ optimizer: frozen, loss: 'categorical_crossentropy', metrics });
      const history = await model.fit(data.xTest, data.yTest, {
        epochs: 1,
        batchSize: 50, // 359 = 7 * 50 + 9: a ragged last batch
        validationData: [data.xTest, data.yTest],
        verbose: 0,
      });
      const probs = await predictRows(model, data.xTest, 10);
      const pr = precisionRecall(probs, data.yTest, 0.5);
      const auc = rocAuc(probs.flat(), data.yTest.flat());
      const expected: Record<string, number> = {
        loss: weightedMeanOverSamples(probs.map((p, i) => crossentropy(p, data.labelsTest[i]))),
        accuracy: accuracyOf(probs, data.labelsTest),
        precision: pr.precision,
        recall: pr.recall,
        auc: auc.bucketed,
      };
      for (const [n, v] of Object.entries(expected)) {
        expectClose(n, history.history[n][0], v, 1e-5);
        expectClose(`val_${n}`, history.history[`val_${n}`][0], v, 1e-5);
      }
    } finally {
      warmup.dispose();
      frozen.dispose();
      model.dispose();
    }
  });

  it('sampleWeight weighs the loss and the weightedMetrics in evaluate, and classWeight the loss in fit', async () => {
    const before = memory().numTensors;
    const data = loadDigitsData(0);
    const model = buildDigitsMlp(21);
    const adam = new Adam({ learningRate: 1e-2 });
    const frozen = new SGD({ learningRate: 0 });
    try {
      model.compile({ optimizer: adam, loss: 'categorical_crossentropy' });
      setSeed(22);
      await model.fit(data.xTrain, data.yTrain, { epochs: 2, batchSize: 32, verbose: 0 });

      // evaluate with sample weights: zeros, halves and larger weights, in a pattern unrelated to the classes.
      const metrics = ['accuracy', 'precision', 'recall'];
      model.compile({ optimizer: frozen, loss: 'categorical_crossentropy', metrics, weightedMetrics: metrics });
      const w = data.labelsTest.map((_, i) => [0, 0.5, 1, 2, 3.5][(i * 7) % 5]);
      const logs = (await model.evaluate(data.xTest, data.yTest, {
        sampleWeight: w,
        verbose: 0,
        returnDict: true,
      })) as Logs;
      expect(Object.keys(logs).sort()).toEqual([
        'accuracy',
        'loss',
        'precision',
        'recall',
        'weighted_accuracy',
        'weighted_precision',
        'weighted_recall',
      ]);
      const probs = await predictRows(model, data.xTest, 10);
      const ce = probs.map((p, i) => crossentropy(p, data.labelsTest[i]));
      const plain = precisionRecall(probs, data.yTest, 0.5);
      const weighted = precisionRecall(probs, data.yTest, 0.5, w);
      expectClose('loss', logs.loss, weightedMeanOverSamples(ce, w), 1e-5);
      expectClose('weighted_accuracy', logs.weighted_accuracy, accuracyOf(probs, data.labelsTest, w), 1e-5);
      expectClose('weighted_precision', logs.weighted_precision, weighted.precision, 1e-5);
      expectClose('weighted_recall', logs.weighted_recall, weighted.recall, 1e-5);
      // As in Keras 3, `metrics` (unlike `weightedMetrics`) ignore the sample weights.
      expectClose('accuracy', logs.accuracy, accuracyOf(probs, data.labelsTest), 1e-5);
      expectClose('precision', logs.precision, plain.precision, 1e-5);
      expectClose('recall', logs.recall, plain.recall, 1e-5);
      // The weights matter for these numbers (else the checks above could not tell weighted from plain).
      expect(Math.abs(weightedMeanOverSamples(ce, w) - weightedMeanOverSamples(ce))).toBeGreaterThan(1e-3);
      expect(Math.abs(weighted.recall - plain.recall)).toBeGreaterThan(1e-4);

      // classWeight in fit: with the weights frozen, the epoch's loss is sum(cw[label] * ce) / n over the
      // training data, and the weighted accuracy is weighted by cw[label].
      const classWeight: Record<number, number> = { 0: 3, 1: 0.25, 3: 2, 8: 0, 9: 1.5 }; // unlisted classes weigh 1
      const cw = (label: number) => classWeight[label] ?? 1;
      model.compile({
        optimizer: frozen,
        loss: 'categorical_crossentropy',
        metrics: ['accuracy'],
        weightedMetrics: ['accuracy'],
      });
      setSeed(23);
      const h = await model.fit(data.xTrain, data.yTrain, { epochs: 1, batchSize: 64, classWeight, verbose: 0 });
      const trainProbs = await predictRows(model, data.xTrain, 10);
      const trainCe = trainProbs.map((p, i) => crossentropy(p, data.labelsTrain[i]));
      const trainW = data.labelsTrain.map(cw);
      expectClose('loss (classWeight)', h.history.loss[0], weightedMeanOverSamples(trainCe, trainW), 1e-5);
      expectClose(
        'weighted_accuracy (classWeight)',
        h.history.weighted_accuracy[0],
        accuracyOf(trainProbs, data.labelsTrain, trainW),
        1e-5,
      );
      expectClose('accuracy (classWeight)', h.history.accuracy[0], accuracyOf(trainProbs, data.labelsTrain), 1e-5);
      expect(Math.abs(h.history.loss[0] - weightedMeanOverSamples(trainCe))).toBeGreaterThan(1e-3);
    } finally {
      adam.dispose();
      frozen.dispose();
      model.dispose();
    }
    expect(memory().numTensors).toBe(before);
  });

  it('training with classWeight is training with the equivalent sampleWeight, and differs from no weights', async () => {
    const data = loadDigitsData(0);
    const classWeight: Record<number, number> = { 0: 3, 1: 0.25, 3: 2, 8: 0, 9: 1.5 };
    const sampleWeight = data.labelsTrain.map((c) => classWeight[c] ?? 1);
    const train = async (weights: { classWeight?: Record<number, number>; sampleWeight?: number[] }) => {
      const model = buildDigitsMlp(31);
      const optimizer = new Adam({ learningRate: 1e-2 });
      try {
        model.compile({ optimizer, loss: 'categorical_crossentropy', weightedMetrics: ['accuracy'] });
        setSeed(32);
        const h = await model.fit(data.xTrain, data.yTrain, { epochs: 2, batchSize: 64, verbose: 0, ...weights });
        return { history: h.history, probs: (await predictRows(model, data.xTest, 10)).flat() };
      } finally {
        optimizer.dispose();
        model.dispose();
      }
    };
    const byClass = await train({ classWeight });
    const bySample = await train({ sampleWeight });
    const unweighted = await train({});
    for (const n of ['loss', 'accuracy']) {
      for (let e = 0; e < 2; e++) expectClose(`${n}[${e}]`, byClass.history[n][e], bySample.history[n][e], 1e-6);
    }
    const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(maxDiff(byClass.probs, bySample.probs)).toBeLessThan(1e-6);
    expect(maxDiff(byClass.probs, unweighted.probs)).toBeGreaterThan(1e-3);
    expect(Math.abs(byClass.history.loss[0] - unweighted.history.loss[0])).toBeGreaterThan(1e-3);
  });

  it('a two-headed Functional model reports per-output losses and metrics that match predict', async () => {
    const before = memory().numTensors;
    const data = loadDigitsData(0);
    const parity = (labels: number[]) => labels.map((c) => [c % 2]);
    const yTrain = { digit: data.yTrain, parity: parity(data.labelsTrain) };
    const yTest = { digit: data.yTest, parity: parity(data.labelsTest) };
    const model = buildDigitParityModel(41);
    const optimizer = new Adam({ learningRate: 1e-2 });
    try {
      model.compile({
        optimizer,
        loss: { digit: 'categorical_crossentropy', parity: 'binary_crossentropy' },
        metrics: { digit: ['accuracy'], parity: ['accuracy', 'auc'] },
      });
      setSeed(42);
      const h = await model.fit(data.xTrain, yTrain, {
        epochs: 5,
        batchSize: 32,
        validationData: [data.xTest, yTest],
        verbose: 0,
      });
      const logs = (await model.evaluate(data.xTest, yTest, { verbose: 0, returnDict: true })) as Logs;
      const names = ['digit_accuracy', 'digit_loss', 'loss', 'parity_accuracy', 'parity_auc', 'parity_loss'];
      expect(Object.keys(logs).sort()).toEqual(names);
      expect(Object.keys(h.history).sort()).toEqual([...names, ...names.map((n) => `val_${n}`)].sort());
      for (const n of names) expectClose(`val_${n}`, h.history[`val_${n}`][4], logs[n], 1e-6);

      const [digitOut, parityOut] = await model.predict(data.xTest);
      const digitProbs = rows(await digitOut.data(), 10);
      const parityProbs = Array.from(await parityOut.data());
      digitOut.dispose();
      parityOut.dispose();
      const odd = data.labelsTest.map((c) => c % 2);
      const digitLoss = weightedMeanOverSamples(digitProbs.map((p, i) => crossentropy(p, data.labelsTest[i])));
      const parityLoss = weightedMeanOverSamples(parityProbs.map((p, i) => binaryCrossentropy(p, odd[i])));
      const parityAccuracy = parityProbs.filter((p, i) => (p > 0.5 ? 1 : 0) === odd[i]).length / odd.length;
      const auc = rocAuc(parityProbs, odd);
      expectClose('digit_accuracy', logs.digit_accuracy, accuracyOf(digitProbs, data.labelsTest), 1e-5);
      expectClose('parity_accuracy', logs.parity_accuracy, parityAccuracy, 1e-5);
      expectClose('parity_auc (bucketed)', logs.parity_auc, auc.bucketed, 1e-5);
      expect(auc.bound).toBeLessThan(1e-2);
      expectClose('parity_auc (exact)', logs.parity_auc, auc.exact, auc.bound + 1e-5);
      expectClose('digit_loss', logs.digit_loss, digitLoss, 1e-5);
      expectClose('parity_loss', logs.parity_loss, parityLoss, 1e-5);
      expectClose('loss', logs.loss, digitLoss + parityLoss, 2e-5);
      expect(logs.digit_accuracy).toBeGreaterThan(0.9);
      expect(parityAccuracy).toBeGreaterThan(0.9);
      // Measured (cpu and wasm alike): digit_accuracy 0.961003, parity_accuracy 0.916435, parity_auc
      // 0.991461 (exact 0.991446), digit_loss 0.125092, parity_loss 0.167413, loss 0.292505.
    } finally {
      optimizer.dispose();
      model.dispose();
    }
    expect(memory().numTensors).toBe(before);
  });
});
