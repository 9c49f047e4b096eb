// Runs before each test file: registers both backends and activates the one
// this vitest project is for (LAYERWISE_TEST_BACKEND).
import '@layerwise/backend-cpu';
import '@layerwise/backend-wasm';
import { setBackend } from '@layerwise/tensors';

await setBackend(process.env.LAYERWISE_TEST_BACKEND ?? 'cpu');
