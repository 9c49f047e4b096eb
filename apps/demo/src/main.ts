// The README's demo: fit a line by gradient descent on the default backend.
import '@layerwise/backend-cpu';
import '@layerwise/backend-wasm';
import { setBackend } from '@layerwise/tensors';
import { fitLine } from './fit-line.js';

const backend = await setBackend('auto');
console.log(`Layerwise demo: fitting y = 3x + 2 (+ noise) by gradient descent on the '${backend}' backend`);
const start = performance.now();
const fit = await fitLine({ log: (line) => console.log(line) });
const seconds = (performance.now() - start) / 1000;
console.log(`learned slope ${fit.slope.toFixed(4)} (true 3), intercept ${fit.intercept.toFixed(4)} (true 2)`);
console.log(`final loss ${fit.loss.toFixed(5)} after ${fit.steps} steps in ${seconds.toFixed(2)} s`);
