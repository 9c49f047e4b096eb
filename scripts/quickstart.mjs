#!/usr/bin/env node
// The README's two commands, `npm run demo` and `npm test`, land here. They must
// work on a fresh clone with only Node 20+ and npm: this script installs the
// pinned pnpm into .tools/ when the machine has no pnpm of that version, installs
// the workspace, builds, and runs the demo or every check and test.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function must(cmd, args, what) {
  const status = run(cmd, args);
  if (status !== 0) {
    console.error(`\n${what} failed (exit ${status}).`);
    process.exit(status);
  }
}

function findPnpm() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env });
  if (onPath.status === 0 && onPath.stdout.trim() === pnpmVersion) return 'pnpm';
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  if (!existsSync(local)) {
    console.log(`Installing pnpm ${pnpmVersion} into .tools/ (one time)...`);
    must(
      'npm',
      ['install', '--prefix', join(root, '.tools'), '--no-audit', '--no-fund', `pnpm@${pnpmVersion}`],
      'Installing pnpm',
    );
  }
  // turbo runs each package's script through pnpm, so it must be on PATH too.
  env.PATH = `${dirname(local)}${delimiter}${env.PATH ?? ''}`;
  return local;
}

function summarize() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const group of ['packages', 'apps', 'tools']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, 'test-results.json');
      if (!existsSync(file)) continue;
      const r = JSON.parse(readFileSync(file, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests;
      skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    }
  }
  return { passed, failed, skipped };
}

const task = process.argv[2];
const pnpm = findPnpm();
must(pnpm, ['install', '--frozen-lockfile'], 'pnpm install');

if (task === 'demo') {
  must(pnpm, ['exec', 'turbo', 'run', 'build', '--filter=@layerwise/demo...', '--output-logs=errors-only'], 'Build');
  process.exit(run(pnpm, ['--filter', '@layerwise/demo', 'start']));
} else if (task === 'test') {
  // A package whose tests do not run this time must not report an old result.
  for (const group of ['packages', 'apps', 'tools']) {
    const dir = join(root, group);
    if (existsSync(dir))
      for (const name of readdirSync(dir)) rmSync(join(dir, name, 'test-results.json'), { force: true });
  }
  must(pnpm, ['exec', 'biome', 'check', '.'], 'Lint (biome)');
  const status = run(pnpm, [
    'exec',
    'turbo',
    'run',
    'build',
    'typecheck',
    'test',
    '--continue',
    '--output-logs=new-only',
    '--concurrency=2',
  ]);
  const { passed, failed, skipped } = summarize();
  console.log(`\nLayerwise test suite (all packages, cpu and wasm backends):`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(status !== 0 || failed > 0 ? 1 : 0);
} else if (task === 'docs') {
  must(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], 'Build');
  process.exit(run(pnpm, ['exec', 'typedoc']));
} else {
  console.error('usage: node scripts/quickstart.mjs demo|test|docs');
  process.exit(2);
}
