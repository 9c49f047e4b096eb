// The README's demo: trains an MLP on the digits dataset on the default backend.
import '@layerwise/backend-cpu';
import '@layerwise/backend-wasm';
import { memory, setBackend } from '@layerwise/tensors';
import { loadDigits } from './digits.js';
import { trainDigits } from './train-digits.js';

const backend = await setBackend('auto');
const data = loadDigits();
console.log(
  `Layerwise demo: an MLP (64 -> 128 relu -> 64 relu -> 10 softmax) learns to read ${data.n} handwritten 8x8 digits ` +
    `on the '${backend}' backend`,
);
const before = memory().numTensors;
const start = performance.now();
const result = await trainDigits({ data, epochs: 30, verbose: 2 });
const seconds = (performance.now() - start) / 1000;
console.log(
  `test accuracy ${(result.testAccuracy * 100).toFixed(2)}% (loss ${result.testLoss.toFixed(4)}) on ${result.testSamples} ` +
    `held-out images; trained on ${result.trainSamples} (10% of them for validation), ${result.params} parameters`,
);
console.log(
  `backend '${backend}', ${result.epochs} epochs in ${seconds.toFixed(2)} s, ${memory().numTensors - before} tensors left over`,
);
