/**
 * Example 2: the XOR problem a single perceptron cannot solve, solved by a
 * multi-layer perceptron trained with backpropagation: one hidden layer of
 * `tanh` units and a `sigmoid` output, binary crossentropy, Adam.
 */
import type { Logs } from '@layerwise/core';
import { Dense } from '@layerwise/layers';
import { Sequential } from '@layerwise/models';
import { Adam } from '@layerwise/optimizers';
import { setSeed, type Tensor } from '@layerwise/tensors';
import { GATE_INPUTS, GATES } from './perceptron.js';

/** What {@link runXorMlp} learned. */
export interface XorMlpResult {
  /** The probability of `1` the network gives each of the four inputs. */
  predictions: number[];
  /** Accuracy on the four inputs (threshold 0.5) after training. */
  accuracy: number;
  /** Binary crossentropy on the four inputs after training. */
  loss: number;
  /** The training loss at the end of every epoch. */
  lossHistory: number[];
  /** Parameters in the network (hidden kernel and bias, output kernel and bias). */
  parameters: number;
}

/**
 * Trains `2 → hidden (tanh) → 1 (sigmoid)` on XOR with full-batch Adam.
 * Seeded: the same seed gives the same initial weights on every backend.
 */
export async function runXorMlp(
  options: { hidden?: number; epochs?: number; learningRate?: number; seed?: number } = {},
): Promise<XorMlpResult> {
  setSeed(options.seed ?? 42);
  const model = new Sequential([
    new Dense({ units: options.hidden ?? 8, activation: 'tanh', inputShape: [2] }),
    new Dense({ units: 1, activation: 'sigmoid' }),
  ]);
  try {
    model.compile({
      optimizer: new Adam({ learningRate: options.learningRate ?? 0.05 }),
      loss: 'binary_crossentropy',
      metrics: ['accuracy'],
    });
    const y = GATES.xor.map((v) => [v]);
    const history = await model.fit(GATE_INPUTS, y, { epochs: options.epochs ?? 300, batchSize: 4, verbose: 0 });
    const logs = (await model.evaluate(GATE_INPUTS, y, { verbose: 0, returnDict: true })) as Logs;
    const out = (await model.predict(GATE_INPUTS)) as Tensor;
    const predictions = Array.from(await out.data());
    out.dispose();
    return {
      predictions,
      accuracy: logs.accuracy,
      loss: logs.loss,
      lossHistory: history.history.loss,
      parameters: model.countParams(),
    };
  } finally {
    model.optimizer?.dispose();
    model.dispose();
  }
}
