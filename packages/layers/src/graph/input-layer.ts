/**
 * `InputLayer` and `Input`: the entry points of a Functional model.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { DType, Tensor } from '@layerwise/tensors';
import { Layer, type Shape } from '../layer.js';
import { Node } from './node.js';
import { SymbolicTensor } from './symbolic-tensor.js';

/** Options of {@link Input} and {@link InputLayer}. */
export interface InputOptions {
  /** Shape of one sample, without the batch dimension (`null` for any size). */
  shape?: Shape;
  /** Fixed batch size (default any: `null`). */
  batchSize?: number | null;
  /** Full shape with the batch dimension; use instead of `shape`. */
  batchShape?: Shape;
  /** Element type of the inputs (default 'float32'). */
  dtype?: DType;
  /** Unique name (default 'input_layer', 'input_layer_1', ...). */
  name?: string;
}

function checkShape(what: string, shape: unknown): Shape {
  if (!Array.isArray(shape) || shape.some((d) => d !== null && !(Number.isInteger(d) && d >= 0))) {
    throw new ValueError(
      `Input: ${what} must be an array of non-negative integers or null, got ${JSON.stringify(shape)}. ` +
        'For one sample of 784 numbers, write Input({ shape: [784] }).',
    );
  }
  return shape as Shape;
}

/**
 * The layer behind {@link Input}: it has no weights and passes its input
 * through. A Functional model starts its graph at its input layers and
 * checks given data against their shapes.
 *
 * @example
 * ```ts
 * const layer = new InputLayer({ shape: [4] });
 * layer.output.shape; // [null, 4]
 * ```
 */
export class InputLayer extends Layer {
  static override readonly className: string = 'InputLayer';
  static override readonly configKeys: readonly string[] = [
    'batchShape',
    'dtype',
    'name',
    'sparse',
    'shape',
    'batchSize',
  ];

  /** The full input shape, batch dimension first. */
  readonly batchShape: Shape;
  /** The symbolic tensor this layer stands for. */
  readonly output: SymbolicTensor;

  constructor(options: InputOptions & { sparse?: boolean } = {}) {
    if (options.shape === undefined && options.batchShape === undefined) {
      throw new ValueError('InputLayer: give shape (one sample, e.g. [784]) or batchShape (with the batch dimension).');
    }
    if (options.shape !== undefined && options.batchShape !== undefined) {
      throw new ValueError('InputLayer: give shape or batchShape, not both.');
    }
    if (options.sparse) {
      throw new ValueError('InputLayer: sparse inputs are not supported; pass dense tensors.');
    }
    const batchShape =
      options.batchShape !== undefined
        ? [...checkShape('batchShape', options.batchShape)]
        : [options.batchSize ?? null, ...checkShape('shape', options.shape)];
    super({ name: options.name, dtype: options.dtype ?? 'float32' });
    this.batchShape = batchShape;
    const node = new Node(this, [], false, {});
    node.outputs = [new SymbolicTensor(batchShape, this.dtype, node, 0)];
    this.inboundNodes.push(node);
    this.output = node.outputs[0];
    this.markBuilt();
    this.supportsMasking = true;
  }

  override call(inputs: Tensor): Tensor {
    return inputs;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override getConfig(): Config {
    return { batchShape: [...this.batchShape], dtype: this.dtype, sparse: false, name: this.name };
  }
}
registerSerializable(InputLayer);

/**
 * A symbolic input for the Functional API (Keras's `keras.Input`).
 *
 * @example
 * ```ts
 * const inputs = Input({ shape: [784] });
 * const hidden = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
 * const outputs = new Dense({ units: 10, activation: 'softmax' }).apply(hidden);
 * const model = new Model({ inputs, outputs });
 * ```
 */
export function Input(options: InputOptions): SymbolicTensor {
  return new InputLayer(options).output;
}
