import { defineConfig } from 'vitest/config';

// The whole suite runs once per backend: every op and gradient must work on both.
const backendProject = (backend: string) => ({
  test: {
    name: backend,
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    env: { LAYERWISE_TEST_BACKEND: backend },
  },
});

export default defineConfig({
  test: {
    projects: [backendProject('cpu'), backendProject('wasm')],
  },
});
