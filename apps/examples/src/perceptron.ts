/**
 * Example 1: Rosenblatt's perceptron. One `Dense` unit with the `step`
 * activation, trained not by gradients (the step function has none) but by
 * the perceptron learning rule, written as a `Model` subclass whose
 * `trainStep` applies it, so that `fit` drives the training as usual.
 */
import { Callback } from '@layerwise/callbacks';
import type { Logs } from '@layerwise/core';
import { Dense } from '@layerwise/layers';
import { type LogTensors, Model, type StepData } from '@layerwise/models';
import { assignAdd, matMul, mul, setSeed, sub, sum, type Tensor, type Variable } from '@layerwise/tensors';

/** The truth tables the example learns. */
export const GATES = {
  and: [0, 0, 0, 1],
  or: [0, 1, 1, 1],
  xor: [0, 1, 1, 0],
} as const;

/** The four inputs of a two-input gate, in the order of {@link GATES}. */
export const GATE_INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/**
 * A perceptron: `ŷ = step(x · w + b)`, trained with Rosenblatt's rule
 *
 *     w ← w + η (y − ŷ) x,    b ← b + η (y − ŷ)
 *
 * summed over the batch (use `batchSize: 1` for the classic online rule).
 * Weights start at zero. Compile it with a loss and metrics only to get
 * them in the logs: `trainStep` never uses the optimizer. With 0/1 targets
 * and outputs, the `'mse'` loss is the fraction of samples misclassified.
 */
export class Perceptron extends Model {
  static override readonly className: string = 'Perceptron';

  /** η, the step size of the rule. */
  readonly learningRate: number;
  readonly unit: Dense;

  constructor(options: { learningRate?: number; name?: string } = {}) {
    super({ name: options.name ?? 'perceptron' });
    this.learningRate = options.learningRate ?? 0.1;
    this.unit = new Dense({ units: 1, activation: 'step', kernelInitializer: 'zeros', biasInitializer: 'zeros' });
  }

  override call(x: Tensor | Tensor[]): Tensor {
    return this.unit.apply(x as Tensor) as Tensor;
  }

  /** One application of the perceptron rule to a batch. The engine runs it inside `tidy`. */
  override trainStep(data: StepData): LogTensors {
    const x = data.x as Tensor;
    const y = data.y as Tensor;
    const yPred = this.apply(x, { training: true }) as Tensor;
    const error = sub(y, yPred); // [batch, 1], each entry -1, 0 or 1
    // Σ_batch (y − ŷ) x as one product: xᵀ · error, of the kernel's shape [inputs, 1].
    assignAdd(this.unit.kernel as Variable, mul(matMul(x, error, true), this.learningRate));
    assignAdd(this.unit.bias as Variable, mul(sum(error, 0), this.learningRate));
    // Loss and metrics of the predictions made before the update, as Keras's train_step reports them.
    const loss = this.computeLoss({ x, y, yPred, sampleWeight: data.sampleWeight });
    return this.computeMetrics(data, yPred, loss);
  }
}

/** Ends `fit` after an epoch with no mistake: the rule changed nothing, so nothing will change again. */
class StopWhenPerfect extends Callback {
  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs !== undefined && logs.binary_accuracy === 1 && this.model !== null) this.model.stopTraining = true;
  }
}

/** What {@link runPerceptron} learned. */
export interface PerceptronResult {
  gate: keyof typeof GATES;
  /** The learned weights `[w1, w2]` and bias. */
  weights: number[];
  bias: number;
  /** Accuracy on the four inputs after training (`evaluate`). */
  accuracy: number;
  /** The outputs for the four inputs after training. */
  predictions: number[];
  /** The training accuracy of each epoch run (predictions made while learning). */
  epochAccuracy: number[];
  /** The first epoch (1-based) with no mistakes, or null if there was none. */
  convergedAtEpoch: number | null;
}

/**
 * Trains a perceptron on a two-input logic gate for up to `epochs` epochs,
 * one sample per step, stopping after the first epoch without a mistake.
 * AND and OR are linearly separable and are learned exactly; XOR is not, and
 * no line can get more than 3 of its 4 points right.
 */
export async function runPerceptron(
  options: { gate?: keyof typeof GATES; epochs?: number; learningRate?: number; seed?: number } = {},
): Promise<PerceptronResult> {
  const gate = options.gate ?? 'and';
  setSeed(options.seed ?? 1); // the order fit shuffles the samples in
  const model = new Perceptron({ learningRate: options.learningRate ?? 0.1 });
  try {
    // The optimizer is never used (trainStep applies the rule itself); naming one keeps compile from building its default.
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['binary_accuracy'] });
    const y = GATES[gate].map((v) => [v]);
    const history = await model.fit(GATE_INPUTS, y, {
      epochs: options.epochs ?? 20,
      batchSize: 1,
      verbose: 0,
      callbacks: [new StopWhenPerfect()],
    });
    const epochAccuracy = history.history.binary_accuracy;
    const perfect = epochAccuracy.indexOf(1);
    const { binary_accuracy: accuracy } = (await model.evaluate(GATE_INPUTS, y, {
      verbose: 0,
      returnDict: true,
    })) as Logs;
    const out = (await model.predict(GATE_INPUTS)) as Tensor;
    const predictions = Array.from(await out.data());
    out.dispose();
    const kernel = Array.from(await (model.unit.kernel as Variable).data());
    const bias = (await (model.unit.bias as Variable).data())[0];
    return {
      gate,
      weights: kernel,
      bias,
      accuracy,
      predictions,
      epochAccuracy,
      convergedAtEpoch: perfect < 0 ? null : perfect + 1,
    };
  } finally {
    model.optimizer?.dispose();
    model.dispose();
  }
}
