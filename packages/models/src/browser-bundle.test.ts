// Browser apps bundle the models package: a browser bundle must build without
// Node's modules (file saving loads them only when it runs, in Node), and run
// in a real browser (headless Debian Chromium, when installed; .ci/run
// installs it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the in-browser test: ${CHROMIUM} is missing (apt-get install chromium).`);

/** Bundles `contents` (ESM importing workspace packages) for the browser. */
async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('..', import.meta.url)), sourcefile: 'app.js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  return result.outputFiles[0].text;
}

describe('browser bundle', () => {
  it('bundles model building, training, save and load to a memory handler for the browser', async () => {
    const code = await bundle(
      [
        "import '@layerwise/backend-cpu';",
        "import { Dense } from '@layerwise/layers';",
        "import { loadModel, memoryHandler, Sequential } from '@layerwise/models';",
        'const model = new Sequential([new Dense({ units: 1, inputShape: [1] })]);',
        "model.compile({ optimizer: 'sgd', loss: 'mse' });",
        'await model.fit([[0], [1]], [[1], [3]], { epochs: 2, verbose: 0 });',
        'const handler = memoryHandler();',
        'await model.save(handler);',
        'export const restored = await loadModel(handler);',
      ].join('\n'),
    );
    expect(code).not.toMatch(/from\s*["']node:|import\(["']node:/); // no static or literal Node imports
  }, 60_000);

  // Once is enough: the page runs the cpu backend whichever project this is.
  const inBrowser = hasChromium && process.env.LAYERWISE_TEST_BACKEND !== 'wasm';
  it.skipIf(!inBrowser)(
    'trains, saves to memory, loads and predicts in headless Chromium',
    async () => {
      const code = await bundle(
        [
          "import '@layerwise/backend-cpu';",
          "import { Dense } from '@layerwise/layers';",
          "import { loadModel, memoryHandler, Sequential } from '@layerwise/models';",
          "import { setBackend, setSeed, tensor } from '@layerwise/tensors';",
          'try {',
          "  await setBackend('cpu');",
          '  setSeed(1);',
          '  const model = new Sequential([new Dense({ units: 1, inputShape: [1] })]);',
          "  model.compile({ optimizer: 'sgd', loss: 'mse' });",
          '  const h = await model.fit([[0], [1], [2]], [[1], [3], [5]], { epochs: 400, verbose: 0 });',
          '  const handler = memoryHandler();',
          '  await model.save(handler);',
          '  const back = await loadModel(handler);',
          '  const p = back.predictOnBatch(tensor([[4]]));',
          '  const result = { first: h.history.loss[0], last: h.history.loss[399], predict: (await p.data())[0] };',
          "  document.title = 'RESULT ' + JSON.stringify(result);",
          '} catch (e) {',
          "  document.title = 'ERROR ' + e.message;",
          '}',
        ].join('\n'),
      );
      const dir = mkdtempSync(join(tmpdir(), 'layerwise-browser-'));
      try {
        const page = join(dir, 'page.html');
        const script = code.replaceAll('</script>', '<\\/script>');
        writeFileSync(page, `<!doctype html><title>pending</title><script type="module">${script}</script>`);
        const dom = execFileSync(
          CHROMIUM,
          [
            '--headless=new',
            '--no-sandbox',
            '--no-first-run',
            '--disable-gpu',
            '--disable-background-networking',
            '--virtual-time-budget=30000',
            `--user-data-dir=${join(dir, 'profile')}`,
            '--dump-dom',
            `file://${page}`,
          ],
          { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] },
        );
        const title = /<title>([^<]*)<\/title>/.exec(dom)?.[1] ?? '(no title)';
        expect(title).toMatch(/^RESULT /);
        const result = JSON.parse(title.slice('RESULT '.length)) as { first: number; last: number; predict: number };
        expect(result.last).toBeLessThan(result.first / 50); // it learned y = 2x + 1 ...
        expect(result.predict).toBeCloseTo(9, 0); // ... and the loaded copy predicts with the saved weights
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
