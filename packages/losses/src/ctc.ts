/**
 * CTC (connectionist temporal classification) loss: the negative log
 * probability of a label sequence under all frame-by-frame alignments.
 */
import { registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  cast,
  concat,
  customGrad,
  div,
  equal,
  exp,
  expandDims,
  fill,
  greater,
  less,
  log,
  logicalAnd,
  logSoftmax,
  logSumExp,
  matMul,
  maximum,
  mul,
  notEqual,
  oneHot,
  pad,
  reshape,
  ShapeError,
  shapeString,
  sliceRange,
  stack,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tensor,
  tidy,
  unstack,
  where,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { asFloat, isTensor, type Save, untaped } from './utils.js';

/**
 * The log probability given to impossible states. Finite, unlike `-Infinity`,
 * so that a log-sum-exp of impossible states stays finite instead of NaN
 * (`-Infinity - -Infinity`); float32 absorbs any log probability added to it.
 */
const NEG = -1e30;
/** A log-likelihood below this is an impossible label (no alignment fits): its loss is `Infinity`. */
const IMPOSSIBLE = -1e29;

/** The shape of a plain nested array (the lengths of its first elements), or of a tensor. */
function shapeOf(x: TensorInput): number[] {
  if (isTensor(x)) return x.shape;
  const shape: number[] = [];
  let v: unknown = x;
  while (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = v as ArrayLike<unknown>;
    shape.push(a.length);
    v = a.length > 0 ? a[0] : undefined;
  }
  return shape;
}

/** `x` as an int32 tensor (Keras casts targets and lengths to int32). */
function asInt(x: TensorInput): Tensor {
  if (isTensor(x)) return x.dtype === 'int32' ? x : cast(x, 'int32');
  return tensor(x as never, undefined, 'int32');
}

/** The rows of a plain rank-2 array of numbers, or undefined for a tensor (whose values are not read back). */
function plainRows(x: TensorInput): number[][] | undefined {
  if (isTensor(x) || !Array.isArray(x)) return undefined;
  return (x as unknown[]).map((row) => Array.from(row as ArrayLike<number>));
}

/** The entries of a plain rank-1 array of numbers, or undefined for a tensor. */
function plainVector(x: TensorInput): number[] | undefined {
  if (isTensor(x) || !(Array.isArray(x) || ArrayBuffer.isView(x))) return undefined;
  return Array.from(x as ArrayLike<number>);
}

/**
 * Checks the labels that are plain arrays (tensors are not read back: a
 * synchronous read per batch would stall training): each sample's label
 * length is an integer in `[0, maxLabelLength]`, its ids are integers in
 * `[0, numClasses)`, and it fits in its frames (a label of `L` ids with `r`
 * adjacent repeats needs at least `L + r` frames, one blank between each
 * repeat).
 */
function checkPlainLabels(
  who: string,
  labels: number[][] | undefined,
  labelLengths: number[] | undefined,
  logitLengths: number[] | undefined,
  numClasses: number,
  maxLabelLength: number,
): void {
  if (labelLengths !== undefined) {
    labelLengths.forEach((n, b) => {
      if (!Number.isInteger(n) || n < 0 || n > maxLabelLength) {
        throw new ValueError(
          `${who}: the label length of sample ${b} is ${n}; expected an integer in [0, ${maxLabelLength}] (the label axis of the targets).`,
        );
      }
    });
  }
  if (labels === undefined || labelLengths === undefined) return;
  labels.forEach((row, b) => {
    const n = labelLengths[b];
    for (let k = 0; k < n; k++) {
      const id = row[k];
      if (!Number.isInteger(id) || id < 0 || id >= numClasses) {
        throw new ValueError(
          `${who}: label ${k} of sample ${b} is ${id}; expected an integer class id in [0, ${numClasses}) (yPred has ${numClasses} classes).`,
        );
      }
    }
    if (logitLengths === undefined) return;
    let needed = n;
    for (let k = 1; k < n; k++) if (row[k] === row[k - 1]) needed++;
    if (needed > logitLengths[b]) {
      throw new ValueError(
        `${who}: the label of sample ${b} (${n} ids: [${row.slice(0, n).join(', ')}]) needs at least ${needed} time steps ` +
          `(one per id plus a blank between repeated ids) but has ${logitLengths[b]}. Use more time steps or shorter labels.`,
      );
    }
  });
}

/** The per-sample constants of the recursion: they depend on the labels and lengths only, never on the logits. */
interface Lattice {
  /** One-hot of the extended labels, `[batch, S, classes]` float32 (`S = 2 * maxLabelLength + 1`). */
  oneHotExt: Tensor;
  /** 1 where the extended id is a class, 0 where it is out of range, `[batch, 1, S]`. */
  found: Tensor;
  /** Where `alpha` may start at the first frame (`s < 2`, inside the label), `[batch, S]` bool. */
  start: Tensor;
  /** Where a path may end (`s = 2L` or `s = 2L - 1`), `[batch, S]` bool. */
  end: Tensor;
  /** Where `s - 2 -> s` is allowed (a label position whose id differs from the previous label's), `[batch, S]` bool. */
  skip: Tensor;
  /** Where `s -> s + 2` is allowed in the backward recursion (`skip` shifted left by 2), `[batch, S]` bool. */
  skipNext: Tensor;
  /** The state before any frame: 0 at `s = 0`, `NEG` elsewhere, `[batch, S]` float32. */
  empty: Tensor;
  /** Each sample's number of frames, `[batch, 1]` int32. */
  frames: Tensor;
}

/**
 * The extended labels `blank, l1, blank, l2, ..., lL, blank` (every
 * position past `2L` is a blank too) and the masks of the recursion.
 */
function lattice(labels: Tensor, labelLength: Tensor, logitLength: Tensor, blank: number, numClasses: number): Lattice {
  const [batch, n] = labels.shape;
  const s = 2 * n + 1;
  const make = (f: () => Tensor) => untaped(f);
  const positions = make(() =>
    reshape(
      tensor(
        Array.from({ length: s }, (_, i) => i),
        undefined,
        'int32',
      ),
      [1, s],
    ),
  );
  const validEnd = make(() => add(mul(reshape(labelLength, [batch, 1]), 2), 1)); // 2L + 1
  const ext = make(() => {
    const blanks = fill([batch, n], blank, 'int32');
    const interleaved = reshape(stack([blanks, labels], 2), [batch, 2 * n]);
    const full = concat([interleaved, fill([batch, 1], blank, 'int32')], 1);
    return where(less(positions, validEnd), full, fill([batch, s], blank, 'int32'));
  });
  const oneHotExt = make(() => oneHot(ext, numClasses));
  const found = make(() => reshape(sum(oneHotExt, -1), [batch, 1, s]));
  const start = make(() => logicalAnd(less(positions, 2), less(positions, validEnd)));
  const end = make(() => {
    const last = sub(validEnd, 1); // 2L
    return logicalAnd(less(positions, validEnd), greater(positions, sub(last, 2)));
  });
  const oddFrom3 = Array.from({ length: s }, (_, i) => i >= 3 && i % 2 === 1);
  const skip = make(() => {
    const before =
      s > 2
        ? pad(
            sliceRange(ext, [0, 0], [batch, s - 2]),
            [
              [0, 0],
              [2, 0],
            ],
            'constant',
            -1,
          )
        : ext;
    return logicalAnd(tensor([oddFrom3], undefined, 'bool'), notEqual(ext, before));
  });
  const skipNext = make(() =>
    s > 2
      ? pad(cast(sliceRange(skip, [0, 2], [batch, s - 2]), 'int32'), [
          [0, 0],
          [0, 2],
        ])
      : fill([batch, s], 0, 'int32'),
  );
  const skipNextBool = make(() => notEqual(skipNext, 0));
  const empty = make(() => where(equal(positions, 0), fill([batch, s], 0), fill([batch, s], NEG)));
  const frames = make(() => reshape(logitLength, [batch, 1]));
  return { oneHotExt, found, start, end, skip, skipNext: skipNextBool, empty, frames };
}

/** The first three dimensions of `x` (0 for those it lacks). */
function dims(x: Tensor): [number, number, number] {
  return [x.shape[0] ?? 0, x.shape[1] ?? 0, x.shape[2] ?? 0];
}

/** `log(exp(a) + exp(b) + exp(c))`, elementwise and stable (every input is finite). */
function logSumExp3(a: Tensor, b: Tensor, c: Tensor): Tensor {
  const m = maximum(maximum(a, b), c);
  return add(m, log(add(add(exp(sub(a, m)), exp(sub(b, m))), exp(sub(c, m)))));
}

/** `x` shifted right along the last axis by `k` positions, filled with `NEG`. */
function shiftRight(x: Tensor, k: number): Tensor {
  const [batch, s] = x.shape;
  if (k >= s) return fill([batch, s], NEG);
  return pad(
    sliceRange(x, [0, 0], [batch, s - k]),
    [
      [0, 0],
      [k, 0],
    ],
    'constant',
    NEG,
  );
}

/** `x` shifted left along the last axis by `k` positions, filled with `NEG`. */
function shiftLeft(x: Tensor, k: number): Tensor {
  const [batch, s] = x.shape;
  if (k >= s) return fill([batch, s], NEG);
  return pad(
    sliceRange(x, [0, k], [batch, s - k]),
    [
      [0, 0],
      [0, k],
    ],
    'constant',
    NEG,
  );
}

/**
 * The CTC negative log-likelihood of `logits` `[batch, T, classes]` as one
 * tape node. Forward: `alpha` over the extended labels, one vectorised step
 * per frame. Backward: `beta` the same way from the end, then the closed form
 * `dL/dlogits[t, k] = dy * (softmax[t, k] - sum_{s: ext[s] = k} exp(alpha_t[s] + beta_t[s] - E_t[s] - logLik))`
 * for the frames of each sample (0 past them), where `E_t[s]` is the log
 * probability of `ext[s]` at frame `t` (counted in both `alpha` and `beta`).
 * An impossible label (loss `Infinity`) gets a zero gradient.
 */
function ctcNegLogLikelihood(lat: Lattice): (logits: Tensor) => Tensor {
  return customGrad((logits: Tensor, save: Save) => {
    const [batch, steps] = dims(logits);
    const s = dims(lat.oneHotExt)[1];
    const logProbs = logSoftmax(logits, -1);
    // E[b, t, s] = logProbs[b, t, ext[b, s]]; an id out of range gives 0 / 0 = NaN.
    const emit = div(matMul(logProbs, lat.oneHotExt, false, true), lat.found);
    const emits = unstack(emit, 1);
    const alphas: Tensor[] = [];
    let alpha = tidy(() => {
      const first = where(lat.start, emits[0], fill([batch, s], NEG));
      return where(greater(lat.frames, 0), first, lat.empty);
    });
    alphas.push(alpha);
    for (let t = 1; t < steps; t++) {
      const prev = alpha;
      alpha = tidy(() => {
        const viaSkip = where(lat.skip, shiftRight(prev, 2), fill([batch, s], NEG));
        const next = add(logSumExp3(prev, shiftRight(prev, 1), viaSkip), emits[t]);
        return where(greater(lat.frames, t), next, prev);
      });
      alphas.push(alpha);
    }
    const logLik = logSumExp(where(lat.end, alpha, fill([batch, s], NEG)), -1);
    // 0 - x rather than -x: an empty label over no frames has loss +0, not -0.
    const value = sub(0, where(less(logLik, IMPOSSIBLE), fill([batch], Number.NEGATIVE_INFINITY), logLik));
    // The lattice's tensors belong to the caller's scope, gone by the time the backward pass runs: saved too.
    save([stack(alphas, 1), emit, logProbs, logLik, lat.oneHotExt, lat.end, lat.skipNext, lat.frames]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [alphaS, emitS, logProbsS, logLikS, oneHotExt, end, skipNext, frames] = saved;
        const emitsB = unstack(emitS, 1);
        const betas: Tensor[] = new Array(steps);
        let beta = fill([batch, s], NEG);
        for (let t = steps - 1; t >= 0; t--) {
          const next = beta;
          beta = tidy(() => {
            const init = where(end, emitsB[t], fill([batch, s], NEG));
            const viaSkip = where(skipNext, shiftLeft(next, 2), fill([batch, s], NEG));
            const back = add(logSumExp3(next, shiftLeft(next, 1), viaSkip), emitsB[t]);
            const running = where(greater(frames, t + 1), back, fill([batch, s], NEG));
            return where(equal(frames, t + 1), init, running);
          });
          betas[t] = beta;
        }
        const logGamma = sub(sub(add(alphaS, stack(betas, 1)), emitS), reshape(logLikS, [batch, 1, 1]));
        const occupancy = matMul(exp(logGamma), oneHotExt); // [batch, T, classes]
        const timeSteps = reshape(
          tensor(
            Array.from({ length: steps }, (_, i) => i),
            undefined,
            'int32',
          ),
          [1, steps],
        );
        const live = cast(less(timeSteps, frames), 'float32'); // [batch, T]
        const possible = cast(greater(logLikS, IMPOSSIBLE), 'float32');
        const scale = reshape(mul(dy, possible), [batch, 1, 1]);
        const softmax = mul(exp(logProbsS), expandDims(live, -1));
        return mul(sub(softmax, occupancy), scale);
      },
    };
  });
}

/** Throws a {@link ShapeError} unless `yTrue` is `[batch, maxLabelLength]` and `yPred` `[batch, T, classes]`. */
function checkShapes(who: string, labelsShape: number[], logitsShape: number[], yTrueName: string, yPredName: string) {
  if (labelsShape.length !== 2) {
    throw new ShapeError(
      `${who}: ${yTrueName} has shape ${shapeString(labelsShape)}; expected integer labels of shape [batch, maxLabelLength].`,
    );
  }
  if (logitsShape.length !== 3) {
    throw new ShapeError(
      `${who}: ${yPredName} has shape ${shapeString(logitsShape)}; expected logits of shape [batch, timeSteps, classes].`,
    );
  }
  if (labelsShape[0] !== logitsShape[0]) {
    throw new ShapeError(
      `${who}: ${yTrueName} ${shapeString(labelsShape)} and ${yPredName} ${shapeString(logitsShape)} have different batch sizes.`,
    );
  }
  if (logitsShape[1] < 1 || logitsShape[2] < 1) {
    throw new ShapeError(
      `${who}: ${yPredName} has shape ${shapeString(logitsShape)}; expected at least one time step and one class.`,
    );
  }
}

/** A length vector `[batch]`: checked against the batch size, its plain values returned when it has them. */
function checkLengths(who: string, name: string, x: TensorInput, batch: number, max: number): number[] | undefined {
  const shape = shapeOf(x);
  if (shape.length !== 1 || shape[0] !== batch) {
    throw new ShapeError(
      `${who}: ${name} has shape ${shapeString(shape)}; expected [${batch}] (one length per sample).`,
    );
  }
  const values = plainVector(x);
  values?.forEach((v, b) => {
    if (!Number.isInteger(v) || v < 0 || v > max) {
      throw new ValueError(`${who}: ${name}[${b}] is ${v}; expected an integer in [0, ${max}].`);
    }
  });
  return values;
}

/**
 * Keras's `ops.ctc_loss`: the per-sample CTC loss `-log p(label | logits)`,
 * shape `[batch]`, with explicit lengths. `target` holds integer labels
 * `[batch, maxLabelLength]` (sample `b`'s label is `target[b, :targetLength[b]]`,
 * the rest is ignored), `output` unnormalised logits `[batch, T, classes]`
 * (a log-softmax is taken over the last axis; sample `b` uses its first
 * `outputLength[b]` frames), and `maskIndex` the blank class (default 0;
 * negative counts from the end). See {@link CTC} for the formula.
 *
 * Lengths and labels given as plain arrays are checked (integers in range,
 * each label fits in its frames) with a `ValueError`; tensors are not read
 * back, and a label that cannot fit gives a loss of `Infinity` with a zero
 * gradient (PyTorch gives `inf` too), a class id out of range gives NaN. One node on the gradient tape with the closed-form alpha-beta
 * gradient: first-order gradients only, none for the labels or lengths.
 *
 * @example
 * ```ts
 * // Keras's ops test (keras/src/ops/nn_test.py): [3.4411672, 1.9168019]
 * ctcLoss(
 *   [[1, 2, 1], [1, 2, 2]],
 *   [[[0.4, 0.8, 0.4], [0.2, 0.8, 0.3], [0.9, 0.4, 0.5]], [[0.4, 0.8, 0.4], [0.2, 0.3, 0.3], [0.4, 0.3, 0.2]]],
 *   [3, 2],
 *   [3, 2],
 * );
 * ```
 */
export function ctcLoss(
  target: TensorInput,
  output: TensorInput,
  targetLength: TensorInput,
  outputLength: TensorInput,
  maskIndex = 0,
): Tensor {
  const who = 'ctcLoss';
  const labelsShape = shapeOf(target);
  const logitsShape = shapeOf(output);
  checkShapes(who, labelsShape, logitsShape, 'target', 'output');
  const [batch, steps, numClasses] = logitsShape;
  if (!Number.isInteger(maskIndex) || maskIndex < -numClasses || maskIndex >= numClasses) {
    throw new ValueError(
      `${who}: maskIndex is ${maskIndex}; expected an integer class id in [${-numClasses}, ${numClasses}) (output has ${numClasses} classes).`,
    );
  }
  const labelLengths = checkLengths(who, 'targetLength', targetLength, batch, labelsShape[1]);
  const logitLengths = checkLengths(who, 'outputLength', outputLength, batch, steps);
  checkPlainLabels(who, plainRows(target), labelLengths, logitLengths, numClasses, labelsShape[1]);
  const blank = maskIndex < 0 ? maskIndex + numClasses : maskIndex;
  return tidy(() => {
    const lat = lattice(asInt(target), asInt(targetLength), asInt(outputLength), blank, numClasses);
    return ctcNegLogLikelihood(lat)(asFloat(output));
  });
}

/** Keras's `losses.ctc` on tensors that are known to have the right ranks. */
function ctcPerSample(labels: Tensor, logits: Tensor): Tensor {
  return tidy(() => {
    const ids = asInt(labels);
    const [batch, steps, numClasses] = dims(logits);
    const labelLength = untaped(() => sum(cast(notEqual(ids, 0), 'int32'), -1));
    const logitLength = untaped(() => fill([batch], steps, 'int32'));
    return ctcNegLogLikelihood(lattice(ids, labelLength, logitLength, 0, numClasses))(logits);
  });
}

/** Keras's shape and label checks of `losses.ctc`, on the raw inputs (plain labels are checked in full). */
function checkCtcInputs(who: string, yTrue: TensorInput, yPred: TensorInput): void {
  const labelsShape = shapeOf(yTrue);
  const logitsShape = shapeOf(yPred);
  checkShapes(who, labelsShape, logitsShape, 'yTrue', 'yPred');
  const rows = plainRows(yTrue);
  if (rows === undefined) return;
  const lengths = rows.map((row) => row.filter((v) => v !== 0).length);
  checkPlainLabels(
    who,
    rows,
    lengths,
    rows.map(() => logitsShape[1]),
    logitsShape[2],
    labelsShape[1],
  );
}

/**
 * Keras's `losses.ctc`: the per-sample CTC loss, shape `[batch]`, of integer
 * labels `yTrue` `[batch, maxLabelLength]` padded with 0 and logits `yPred`
 * `[batch, T, classes]`. Class 0 is the blank and the padding: a label's
 * length is its number of non-zero entries, and every sample uses all `T`
 * frames. See {@link CTC} for the formula and conventions; use
 * {@link ctcLoss} for other blank indices or per-sample frame counts.
 *
 * @example
 * ```ts
 * const logits = reshape(div(sub(range(24), 12), 100), [2, 4, 3]);
 * ctc([[1, 2, 1, 0], [1, 2, 0, 2]], logits); // [2.4429315, 2.4543600]
 * ```
 */
export function ctc(yTrue: TensorInput, yPred: TensorInput): Tensor {
  checkCtcInputs('ctc', yTrue, yPred);
  return tidy(() => ctcPerSample(asInt(yTrue), asFloat(yPred)));
}

/**
 * The CTC loss (Keras's `CTC`, identifier `'ctc'`), for sequence models
 * whose output is not aligned with its label: handwriting recognition (a
 * line image read as `T` column frames, labelled by its characters), speech
 * recognition (audio frames labelled by phonemes or characters).
 *
 * Conventions (Keras's): `yTrue` is `[batch, maxLabelLength]` integer class
 * ids padded with 0; `yPred` is `[batch, T, classes]` unnormalised logits
 * (no softmax: a log-softmax is taken here). Class 0 is the blank, so
 * real classes are `1 .. classes - 1`; a label's length `L` is its number of
 * non-zero entries and the label is its first `L` entries (pad at the end: a
 * 0 inside a label is not skipped). Every sample uses all `T` frames.
 *
 * Formula: with `p_t = softmax(yPred[b, t])` and the extended label
 * `l' = (blank, l_1, blank, l_2, ..., l_L, blank)` of `S = 2L + 1` states,
 * `loss_b = -log sum over alignments pi of prod_t p_t[l'_{pi_t}]`, where an
 * alignment starts in state 0 or 1, ends in state `S - 1` or `S - 2`, and at
 * each frame stays, moves one state, or skips a blank between two different
 * labels. Computed by the forward recursion in log space,
 * `alpha_t(s) = logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'_s != l'_{s-2}) + log p_t[l'_s]`,
 * `loss = -logsumexp(alpha_{T-1}(S-1), alpha_{T-1}(S-2))`, one vectorised
 * step per frame over `[batch, S]`; the gradient is the closed form from the
 * backward recursion (`softmax - posterior occupancy of each class`).
 * A label that needs more frames than `T` (`L` plus one per adjacent
 * repeat) is a `ValueError` when `yTrue` is a plain array; a tensor is not
 * read back, and the loss is `Infinity` (PyTorch's `ctc_loss` gives `inf`
 * too) with a zero gradient (PyTorch's `zero_infinity=True` gradient).
 *
 * The default reduction, `'sum_over_batch_size'`, averages the per-sample
 * losses over the batch (PyTorch's `ctc_loss` with `reduction='mean'`
 * divides each loss by its label length first; `reduction='sum'` matches
 * here). PyTorch takes log probabilities and a blank of its own choosing;
 * with `log_softmax(logits)` and `blank=0` the per-sample values agree.
 *
 * @example
 * ```ts
 * // 2 line images, 4 frames each, 2 characters + blank; labels padded with 0.
 * const loss = new CTC();
 * const logits = reshape(div(sub(range(24), 12), 100), [2, 4, 3]);
 * loss.compute([[1, 2, 1, 0], [1, 2, 0, 2]], logits); // 2.448645
 * // A model whose output is [batch, T, classes] logits (e.g. conv + bidirectional LSTM + Dense(classes)):
 * model.compile({ optimizer: 'adam', loss: 'ctc' });
 * ```
 */
export class CTC extends Loss {
  static override readonly className = 'CTC';

  constructor(options: LossOptions = {}) {
    super(options, 'ctc');
  }

  /** Keeps integer ids as int32 (no float round trip). */
  protected override convertTargets(yTrue: TensorInput): Tensor {
    return asInt(yTrue);
  }

  override compute(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): Tensor {
    checkCtcInputs('CTC', yTrue, yPred);
    return super.compute(yTrue, yPred, sampleWeight);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    checkShapes('CTC', yTrue.shape, yPred.shape, 'yTrue', 'yPred');
    return ctcPerSample(yTrue, yPred);
  }
}
registerSerializable(CTC);
