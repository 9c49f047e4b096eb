/**
 * The optimizer-step benchmark: one update of 1M parameters with Layerwise's
 * Adam and AdamW against tfjs-core's built-in `train.adam`, on the same
 * tfjs-core and backend, with the same gradients.
 */
import '@layerwise/backend-cpu';
import '@layerwise/backend-wasm';
import { getOptimizer, type Optimizer } from '@layerwise/optimizers';
import {
  memory,
  randomNormal,
  setBackend,
  type Tensor,
  tidy,
  type Variable,
  variable,
  zeros,
} from '@layerwise/tensors';
import * as tfc from '@tensorflow/tfjs-core';

/** What to run. */
export interface OptimizerBenchConfig {
  /** Backend name: 'cpu' or 'wasm'. */
  backend: string;
  /** Parameters updated per step (default 1,000,000), as a [rows, 1000] matrix plus a [1000] bias. */
  parameters?: number;
  /** Timed steps (default 50). */
  steps?: number;
  /** Untimed steps first (default 5). */
  warmup?: number;
  /** Layerwise optimizer identifiers to time (default adam and adamw). */
  optimizers?: string[];
}

/** One row: an optimizer's time per step against tfjs-core's adam. */
export interface OptimizerBenchRow {
  optimizer: string;
  /** Milliseconds per step (Layerwise). */
  layerwiseMs: number;
  /** Milliseconds per step (tfjs-core `train.adam`). */
  tfjsMs: number;
  /** tfjs time / Layerwise time: above 1 means Layerwise is faster. */
  ratio: number;
  /** Live tensors before the timed steps and after them (equal: nothing leaks). */
  tensors: [number, number];
}

const COLUMNS = 1000;

async function timeSteps(
  step: () => void,
  flush: () => Promise<unknown>,
  warmup: number,
  steps: number,
): Promise<number> {
  for (let i = 0; i < warmup; i++) step();
  await flush();
  const start = performance.now();
  for (let i = 0; i < steps; i++) step();
  await flush();
  return (performance.now() - start) / steps;
}

/** Times every optimizer in `config` and tfjs-core's adam; frees everything it made. */
export async function runOptimizerBench(config: OptimizerBenchConfig): Promise<OptimizerBenchRow[]> {
  const parameters = config.parameters ?? 1_000_000;
  const steps = config.steps ?? 50;
  const warmup = config.warmup ?? 5;
  await setBackend(config.backend);
  const rows = Math.max(1, Math.round((parameters - COLUMNS) / COLUMNS));
  const shapes = [[rows, COLUMNS], [COLUMNS]];
  const grads: Tensor[] = shapes.map((s, i) => randomNormal(s, 0, 0.01, 'float32', 10 + i));
  const out: OptimizerBenchRow[] = [];
  // tfjs-core's adam on its own variables, with the same gradients.
  const tfVars = shapes.map((s, i) => tfc.tidy(() => tfc.variable(tfc.zeros(s), true, `bench_tf_${i}`)));
  const tfAdam = tfc.train.adam(0.001, 0.9, 0.999, 1e-7);
  const tfGrads = tfVars.map((v, i) => ({ name: v.name, tensor: grads[i] as unknown as tfc.Tensor }));
  const tfjsMs = await timeSteps(
    () => tfAdam.applyGradients(tfGrads),
    () => tfVars[0].data(),
    warmup,
    steps,
  );
  for (const name of config.optimizers ?? ['adam', 'adamw']) {
    let optimizer: Optimizer;
    try {
      optimizer = getOptimizer(name);
    } catch (e) {
      throw new Error(`optimizer '${name}' is not available: ${(e as Error).message}`);
    }
    const vars: Variable[] = shapes.map((s, i) => tidy(() => variable(zeros(s), { name: `bench_${name}_${i}` })));
    const pairs = vars.map((v, i) => [grads[i], v] as const);
    optimizer.build(vars);
    const before = memory().numTensors;
    const layerwiseMs = await timeSteps(
      () => optimizer.applyGradients(pairs),
      () => vars[0].data(),
      warmup,
      steps,
    );
    const after = memory().numTensors;
    out.push({ optimizer: name, layerwiseMs, tfjsMs, ratio: tfjsMs / layerwiseMs, tensors: [before, after] });
    optimizer.dispose();
    for (const v of vars) v.dispose();
  }
  tfAdam.dispose();
  tfc.dispose([...tfVars, ...grads] as unknown as tfc.Tensor[]);
  return out;
}

/** The rows as a Markdown table. */
export function formatOptimizerRows(backend: string, parameters: number, rows: OptimizerBenchRow[]): string {
  const lines = [
    `optimizer step, ${parameters.toLocaleString('en-US')} parameters, backend ${backend}:`,
    '',
    '| optimizer | Layerwise ms/step | tfjs-core adam ms/step | ratio (tfjs / Layerwise) | numTensors before -> after |',
    '| --- | ---: | ---: | ---: | :---: |',
    ...rows.map(
      (r) =>
        `| ${r.optimizer} | ${r.layerwiseMs.toFixed(2)} | ${r.tfjsMs.toFixed(2)} | ${r.ratio.toFixed(2)}x | ${r.tensors[0]} -> ${r.tensors[1]} |`,
    ),
  ];
  return lines.join('\n');
}
