// BackupAndRestore on a real process that dies mid-fit: run a child script that exits during fit, run it
// again (it resumes from the backup), and compare the final weights with an uninterrupted run.
// The child imports the built packages (dist), as `turbo run test` builds them first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Inside packages/models, so that the child's bare '@layerwise/...' imports resolve from its node_modules.
const work = mkdtempSync(join(packageDir, '.tmp-backup-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const script = `
import '@layerwise/backend-cpu';
import { BackupAndRestore } from '@layerwise/callbacks';
import { Dense, resetLayerNames } from '@layerwise/layers';
import { Sequential } from '@layerwise/models';
import { setSeed } from '@layerwise/tensors';

const backupDir = process.env.BACKUP_DIR;
const killAt = process.env.KILL_AT_EPOCH === undefined ? -1 : Number(process.env.KILL_AT_EPOCH);

resetLayerNames();
setSeed(17);
const X = Array.from({ length: 24 }, (_, i) => [i / 24, ((i * 7) % 24) / 24]);
const Y = X.map(([a, b]) => [Math.sin(3 * a) - b]);
const model = new Sequential([new Dense({ units: 4, activation: 'tanh', inputShape: [2] }), new Dense({ units: 1 })]);
model.compile({ optimizer: 'adam', loss: 'mse' });
const epochs = [];
await model.fit(X, Y, {
  epochs: 6,
  batchSize: 5,
  shuffle: false,
  verbose: 0,
  callbacks: [
    {
      onEpochBegin: (epoch) => {
        epochs.push(epoch);
      },
    },
    new BackupAndRestore(backupDir),
    {
      // After BackupAndRestore's onEpochEnd (callbacks run in order): the backup of this epoch is on disk.
      onEpochEnd: (epoch) => {
        if (epoch === killAt) process.exit(1);
      },
    },
  ],
});
const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
console.log(JSON.stringify({ epochs, weights, iterations: Number(model.optimizer.iterations) }));
`;

interface RunResult {
  epochs: number[];
  weights: number[][];
  iterations: number;
}

function runChild(backupDir: string, killAtEpoch?: number): { status: number | null; result: RunResult | null } {
  const file = join(work, 'train.mjs');
  writeFileSync(file, script);
  const env: NodeJS.ProcessEnv = { ...process.env, BACKUP_DIR: backupDir };
  if (killAtEpoch === undefined) delete env.KILL_AT_EPOCH;
  else env.KILL_AT_EPOCH = String(killAtEpoch);
  const out = spawnSync(process.execPath, [file], { cwd: packageDir, env, encoding: 'utf8', timeout: 120_000 });
  if (out.status !== 0 && out.status !== 1) throw new Error(`child failed (${out.status}): ${out.stderr}`);
  if (out.status === 1 && out.stderr.trim() !== '') throw new Error(`child threw: ${out.stderr}`);
  const line = out.stdout.trim().split('\n').at(-1);
  return { status: out.status, result: out.status === 0 && line ? (JSON.parse(line) as RunResult) : null };
}

describe('BackupAndRestore across a killed process', () => {
  it('a run killed after epoch 3 and run again resumes at epoch 3 and ends with the weights of an uninterrupted run', () => {
    const straight = runChild(join(work, 'backup-straight'));
    expect(straight.status).toBe(0);
    expect(straight.result?.epochs).toEqual([0, 1, 2, 3, 4, 5]);

    const backupDir = join(work, 'backup-killed');
    // "End of epoch 3" counting from 1: epochs 0, 1, 2 (0-based) complete, then the process dies.
    const killed = runChild(backupDir, 2);
    expect(killed.status).toBe(1);
    expect(existsSync(join(backupDir, 'latest.lwm'))).toBe(true);
    expect(existsSync(join(backupDir, 'training_metadata.json'))).toBe(true);

    const resumed = runChild(backupDir);
    expect(resumed.status).toBe(0);
    expect(resumed.result?.epochs).toEqual([3, 4, 5]);
    expect(resumed.result?.iterations).toBe(straight.result?.iterations);
    const a = straight.result?.weights ?? [];
    const b = resumed.result?.weights ?? [];
    expect(b.map((w) => w.length)).toEqual(a.map((w) => w.length));
    for (const [i, w] of a.entries())
      for (const [j, v] of w.entries()) expect(Math.abs(b[i][j] - v)).toBeLessThan(1e-6);
    // deleteCheckpoint (default): the finished run removed its backup.
    expect(existsSync(backupDir)).toBe(false);
  }, 300_000);
});
