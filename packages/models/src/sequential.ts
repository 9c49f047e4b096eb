/**
 * `Sequential`: a plain stack of single-input, single-output layers.
 */
import {
  type CallOptions,
  type Config,
  type ConfigValue,
  type CustomObjects,
  deserialize,
  registerSerializable,
  SerializationError,
  serialize,
  ValueError,
} from '@layerwise/core';
import { InputLayer, Layer, type LayerOutput, type Shape, type SymbolicTensor } from '@layerwise/layers';
import type { Tensor } from '@layerwise/tensors';
import { Model } from './model.js';

/** Options of {@link Sequential}. */
export interface SequentialOptions {
  /** The layers, first to last (an `InputLayer` may come first). */
  layers?: Layer<LayerOutput>[];
  name?: string;
  trainable?: boolean;
}

/**
 * A linear stack of layers (Keras's `Sequential`). Give the input shape on
 * the first layer (`inputShape`), start with an `InputLayer`, or let the
 * model build on the first data it sees.
 *
 * @example
 * ```ts
 * const model = new Sequential({
 *   layers: [
 *     new Dense({ units: 64, activation: 'relu', inputShape: [784] }),
 *     new Dense({ units: 10, activation: 'softmax' }),
 *   ],
 * });
 * model.add(new Dropout({ rate: 0.1 }));
 * model.pop();
 * ```
 */
export class Sequential extends Model<SymbolicTensor> {
  static override readonly className: string = 'Sequential';

  private readonly stack: Layer<LayerOutput>[] = [];
  private inputLayer: InputLayer | null = null;

  constructor(options: SequentialOptions | Layer<LayerOutput>[] = {}) {
    const opts = Array.isArray(options) ? { layers: options } : options;
    super({ name: opts.name, trainable: opts.trainable });
    for (const layer of opts.layers ?? []) this.add(layer, false);
    this.rebuild();
  }

  /**
   * Appends a layer (Keras's `add`). An `InputLayer` is accepted only
   * first; a model (a `Sequential` or a Functional model) is added as one layer.
   */
  add(layer: Layer<LayerOutput>, rebuild = true): void {
    if (!(layer instanceof Layer)) {
      throw new ValueError(
        `Sequential '${this.name}'.add: expected a Layer, got ${layer === null ? 'null' : typeof layer}.`,
      );
    }
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputLayer !== null) {
        throw new ValueError(`Sequential '${this.name}': an InputLayer can only be the first layer.`);
      }
      this.inputLayer = layer;
    } else {
      if (this.stack.some((l) => l.name === layer.name)) {
        throw new ValueError(
          `Sequential '${this.name}': a layer named '${layer.name}' is already in the model. Layer names must be unique.`,
        );
      }
      this.stack.push(layer);
    }
    if (rebuild) this.rebuild();
  }

  /** Removes the last layer (Keras's `pop`). */
  pop(): Layer<LayerOutput> {
    const layer = this.stack.pop();
    if (layer === undefined) throw new ValueError(`Sequential '${this.name}'.pop: the model has no layers.`);
    this.graph = null;
    this.rebuild();
    return layer;
  }

  /** The layers, without the input layer (as Keras's `Sequential.layers`). */
  override get layers(): Layer<LayerOutput>[] {
    return [...this.stack];
  }

  /** The input shape with batch dimension, when known (from an InputLayer or the first layer). */
  private knownInputShape(): Shape | null {
    if (this.inputLayer !== null) return this.inputLayer.batchShape;
    return this.stack[0]?.batchInputShape ?? null;
  }

  /** Rebuilds the graph when the input shape is known. */
  private rebuild(): void {
    const shape = this.knownInputShape();
    if (shape === null || this.stack.length === 0) {
      this.graph = null;
      return;
    }
    this.inputLayer ??= new InputLayer({ batchShape: shape, dtype: this.stack[0].dtype });
    let x: SymbolicTensor = this.inputLayer.output;
    for (const layer of this.stack) {
      const out = layer.apply(x);
      if (Array.isArray(out)) {
        throw new ValueError(
          `Sequential '${this.name}': layer '${layer.name}' has ${out.length} outputs. All layers in a Sequential model ` +
            'should have a single output; use the Functional API for multi-output layers.',
        );
      }
      x = out as SymbolicTensor;
    }
    this.initGraph(this.inputLayer.output, x);
  }

  /** Builds the model for inputs of `inputShape` (batch dimension first). */
  override build(inputShape: Shape | Shape[]): void {
    if (this.graph !== null) return;
    if (Array.isArray(inputShape[0])) {
      throw new ValueError(`Sequential '${this.name}' takes one input, but build got ${inputShape.length} shapes.`);
    }
    if (this.stack.length === 0) {
      throw new ValueError(`Sequential '${this.name}' has no layers to build. Add layers first.`);
    }
    this.inputLayer = new InputLayer({
      batchShape: [null, ...(inputShape as Shape).slice(1)],
      dtype: this.stack[0].dtype,
    });
    this.rebuild();
  }

  override call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor {
    if (this.graph === null) {
      const first = Array.isArray(inputs) ? inputs[0] : inputs;
      this.build([null, ...first.shape.slice(1)]);
    }
    return super.call(inputs, options);
  }

  override getConfig(): Config {
    const layers: ConfigValue[] = [];
    if (this.inputLayer !== null) layers.push(serialize(this.inputLayer) as unknown as ConfigValue);
    for (const layer of this.stack) {
      const custom = (layer as { toSerialized?: () => unknown }).toSerialized;
      layers.push((typeof custom === 'function' ? custom.call(layer) : serialize(layer)) as ConfigValue);
    }
    return { name: this.name, trainable: this.trainable, layers };
  }

  /** Rebuilds a Sequential model from `getConfig()` (fresh weights). */
  static override fromConfig<M extends Layer<LayerOutput>>(
    this: unknown,
    config: Config,
    customObjects: CustomObjects = {},
  ): M {
    if (!Array.isArray(config.layers)) {
      throw new SerializationError('Sequential.fromConfig: the config has no layers list.');
    }
    const model = new Sequential({ name: config.name as string, trainable: config.trainable !== false });
    for (const entry of config.layers) model.add(deserialize(entry as never, customObjects), false);
    model.rebuild();
    return model as unknown as M;
  }
}
registerSerializable(Sequential as never);
