import { memory, setBackend } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { formatOptimizerRows, runOptimizerBench } from './optimizer-bench.js';

describe('optimizer-step bench', () => {
  it.each(['cpu', 'wasm'])('times Adam against tfjs-core adam on %s and frees what it made', async (backend) => {
    await setBackend(backend);
    const before = memory().numTensors;
    const rows = await runOptimizerBench({ backend, parameters: 3000, steps: 2, warmup: 1, optimizers: ['adam'] });
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect(r.optimizer).toBe('adam');
    for (const v of [r.layerwiseMs, r.tfjsMs, r.ratio]) expect(Number.isFinite(v) && v > 0).toBe(true);
    expect(r.tensors[1]).toBe(r.tensors[0]);
    expect(memory().numTensors).toBe(before);
    expect(formatOptimizerRows(backend, 3000, rows)).toMatch(/\| adam \| [\d.]+ \| [\d.]+ \| [\d.]+x \|/);
  });

  it('names an optimizer that does not exist', async () => {
    await setBackend('cpu');
    await expect(
      runOptimizerBench({ backend: 'cpu', parameters: 3000, steps: 1, optimizers: ['nope'] }),
    ).rejects.toThrow(/optimizer 'nope' is not available/);
  });
});
