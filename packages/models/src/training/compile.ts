/**
 * What `compile` resolves: the optimizer, one loss per output with its
 * weight, and the metrics per output, with Keras's names in the logs.
 */
import { type Config, type LossLike, type MetricLike, serialize, ValueError } from '@layerwise/core';
import type { Shape } from '@layerwise/layers';
import { getLoss, type LossIdentifier } from '@layerwise/losses';
import { getMetric, Mean, type MetricIdentifier } from '@layerwise/metrics';
import { getOptimizer, type Optimizer, type OptimizerIdentifier } from '@layerwise/optimizers';
import * as T from '@layerwise/tensors';
import type { Tensor } from '@layerwise/tensors';

/** Per-output values: one for every output, a list in output order, or an object keyed by output name. */
export type PerOutput<V> = V | V[] | Record<string, V>;

/** Metrics for one output, or per output (a list of lists, or keyed by output name). */
export type MetricsSpec = MetricIdentifier[] | MetricIdentifier[][] | Record<string, MetricIdentifier | MetricIdentifier[]>;

/** Options of `Model.compile`, as Keras's. */
export interface CompileOptions {
  /** An optimizer, or its name (`'adam'`, `'sgd'`, ...) or config (default 'rmsprop', as Keras). */
  optimizer?: OptimizerIdentifier;
  /** The loss: one for all outputs, or one per output (a list, or keyed by output name). */
  loss?: PerOutput<LossIdentifier>;
  /** Metrics to report (not weighted by sample or class weights). */
  metrics?: MetricsSpec;
  /** Weights of each output's loss in the total (a list, or keyed by output name). */
  lossWeights?: number[] | Record<string, number>;
  /** Metrics that take the sample and class weights into account. */
  weightedMetrics?: MetricsSpec;
}

/** One output's loss and metrics. */
interface OutputTargets {
  name: string;
  loss: LossLike | null;
  lossWeight: number;
  lossTracker: Mean | null;
  metrics: MetricLike[];
  weightedMetrics: MetricLike[];
}

/** The compiled state of a model: what the train and test steps use. */
export class Compiled {
  readonly optimizer: Optimizer;
  readonly outputs: OutputTargets[];
  /** Tracks the total loss, weighted by batch size (Keras's `loss` in the logs). */
  readonly lossTracker = new Mean({ name: 'loss' });
  private readonly options: CompileOptions;

  constructor(options: CompileOptions, outputNames: string[], outputShapes: Array<Shape | null>, modelName: string) {
    this.options = options;
    this.optimizer = getOptimizer(options.optimizer ?? 'rmsprop');
    const multi = outputNames.length > 1;
    const losses = perOutput('loss', options.loss ?? null, outputNames, modelName);
    const weights = perOutput('lossWeights', options.lossWeights ?? null, outputNames, modelName, false);
    const metrics = metricsPerOutput('metrics', options.metrics, outputNames, modelName);
    const weighted = metricsPerOutput('weightedMetrics', options.weightedMetrics, outputNames, modelName);
    this.outputs = outputNames.map((name, i) => {
      const lossId = losses[i];
      const loss = lossId === null || lossId === undefined ? null : getLoss(lossId);
      const hint = { loss: lossId ?? undefined, outputShape: outputShapes[i] ?? undefined };
      const make = (id: MetricIdentifier): MetricLike => {
        const metric = getMetric(id, hint);
        return multi ? renamed(metric, `${name}_${metric.name}`) : metric;
      };
      const weight = weights[i];
      if (weight !== null && weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight))) {
        throw new ValueError(`compile: lossWeights for output '${name}' must be a finite number, got ${String(weight)}.`);
      }
      return {
        name,
        loss,
        lossWeight: (weight as number | null) ?? 1,
        lossTracker: multi && loss !== null ? new Mean({ name: `${name}_loss` }) : null,
        metrics: metrics[i].map(make),
        weightedMetrics: weighted[i].map(make),
      };
    });
    if (this.outputs.every((o) => o.loss === null) && options.loss !== undefined) {
      throw new ValueError(`compile: model '${modelName}' got no loss for any output.`);
    }
  }

  /** Every metric in log order: the loss, per-output losses, then the compiled metrics. */
  get metrics(): MetricLike[] {
    return [
      this.lossTracker,
      ...this.outputs.flatMap((o) => (o.lossTracker ? [o.lossTracker] : [])),
      ...this.outputs.flatMap((o) => [...o.metrics, ...o.weightedMetrics]),
    ];
  }

  /** Whether a loss is set (fit and evaluate need one). */
  get hasLoss(): boolean {
    return this.outputs.some((o) => o.loss !== null);
  }

  /**
   * The weighted sum of the outputs' losses (without regularization), and
   * each output's loss. Call inside `tidy`.
   */
  computeLoss(yTrue: Tensor[], yPred: Tensor[], sampleWeight: Array<Tensor | null>): { total: Tensor; perOutput: Tensor[] } {
    const perOutput: Tensor[] = [];
    const terms: Tensor[] = [];
    this.outputs.forEach((o, i) => {
      if (o.loss === null) return;
      const value = o.loss.compute(yTrue[i], yPred[i], sampleWeight[i] ?? undefined);
      perOutput.push(value);
      terms.push(o.lossWeight === 1 ? value : T.mul(value, o.lossWeight));
    });
    const total = terms.reduce((a, b) => T.add(a, b));
    return { total, perOutput };
  }

  /** Updates the loss trackers (weighted by batch size, as Keras 3) and the metrics. */
  updateMetrics(
    loss: Tensor,
    perOutputLoss: Tensor[],
    batchSize: number,
    yTrue: Tensor[],
    yPred: Tensor[],
    sampleWeight: Array<Tensor | null>,
  ): void {
    this.lossTracker.updateState(loss, batchSize);
    let k = 0;
    this.outputs.forEach((o, i) => {
      if (o.loss === null) return;
      o.lossTracker?.updateState(perOutputLoss[k], batchSize);
      k++;
      void i;
    });
    this.outputs.forEach((o, i) => {
      for (const m of o.metrics) m.updateState(yTrue[i], yPred[i]);
      for (const m of o.weightedMetrics) m.updateState(yTrue[i], yPred[i], sampleWeight[i] ?? undefined);
    });
  }

  /** The compile arguments as a config (for saving): serialized optimizer, losses and metrics. */
  getConfig(): Config {
    const ser = (x: unknown): unknown => {
      if (x === null || x === undefined) return null;
      if (typeof x === 'string' || typeof x === 'number') return x;
      if (Array.isArray(x)) return x.map(ser);
      if (typeof x === 'function') {
        throw new ValueError('compile config: a loss or metric given as a plain function cannot be saved; use a Loss or Metric class registered with registerSerializable.');
      }
      if (typeof x === 'object' && typeof (x as { getConfig?: unknown }).getConfig === 'function') {
        return serialize(x as never);
      }
      if (typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, ser(v)]));
      return x;
    };
    return {
      optimizer: serialize(this.optimizer) as never,
      loss: ser(this.options.loss) as never,
      metrics: ser(this.options.metrics) as never,
      lossWeights: ser(this.options.lossWeights) as never,
      weightedMetrics: ser(this.options.weightedMetrics) as never,
    };
  }

  dispose(): void {
    for (const m of this.metrics) (m as { dispose?: () => void }).dispose?.();
  }
}

/** A metric reporting under another name (per-output names such as `out_accuracy`). */
function renamed(metric: MetricLike, name: string): MetricLike {
  Object.defineProperty(metric, 'name', { value: name, configurable: true });
  return metric;
}

function perOutput<V>(
  what: string,
  spec: PerOutput<V> | null,
  names: string[],
  modelName: string,
  broadcast = true,
): Array<V | null> {
  if (spec === null) return names.map(() => null);
  if (Array.isArray(spec)) {
    if (spec.length !== names.length) {
      throw new ValueError(
        `compile: ${what} is a list of ${spec.length}, but model '${modelName}' has ${names.length} output` +
          `${names.length === 1 ? '' : 's'} (${names.join(', ')}). Give one entry per output, or an object keyed by output name.`,
      );
    }
    return spec;
  }
  if (isPlainRecord(spec)) {
    const unknown = Object.keys(spec).filter((k) => !names.includes(k));
    if (unknown.length > 0) {
      throw new ValueError(
        `compile: ${what} names unknown output${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; ` +
          `model '${modelName}' has outputs ${names.join(', ')}.`,
      );
    }
    return names.map((n) => (spec as Record<string, V>)[n] ?? null);
  }
  if (!broadcast) {
    throw new ValueError(`compile: ${what} must be a list or an object keyed by output name, got ${String(spec)}.`);
  }
  return names.map(() => spec as V);
}

/** A `{...}` that is not a loss/metric object or a serialized `{ className, config }`. */
function isPlainRecord(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  if ('className' in x || 'class_name' in x) return false;
  if (typeof (x as { compute?: unknown }).compute === 'function') return false;
  if (typeof (x as { updateState?: unknown }).updateState === 'function') return false;
  return Object.getPrototypeOf(x) === Object.prototype;
}

function metricsPerOutput(
  what: string,
  spec: MetricsSpec | undefined,
  names: string[],
  modelName: string,
): MetricIdentifier[][] {
  if (spec === undefined || spec === null) return names.map(() => []);
  if (Array.isArray(spec)) {
    const nested = spec.length > 0 && spec.every((e) => Array.isArray(e));
    if (names.length === 1 && !nested) return [spec as MetricIdentifier[]];
    if (!nested && names.length > 1 && spec.length !== names.length) {
      throw new ValueError(
        `compile: for a model with several outputs (${names.join(', ')}), ${what} given as a list needs one entry ` +
          `(a metric or a list of metrics) per output; got ${spec.length}. Or key them by output name.`,
      );
    }
    if (spec.length !== names.length) {
      throw new ValueError(
        `compile: ${what} has ${spec.length} entries but model '${modelName}' has ${names.length} output(s).`,
      );
    }
    return spec.map((e) => (Array.isArray(e) ? e : [e]));
  }
  if (isPlainRecord(spec)) {
    const entries = perOutput(what, spec as Record<string, MetricIdentifier | MetricIdentifier[]>, names, modelName);
    return entries.map((e) => (e === null ? [] : Array.isArray(e) ? e : [e]));
  }
  throw new ValueError(`compile: ${what} must be a list of metrics or an object keyed by output name.`);
}
