/**
 * The backend registry. Backend packages (`@layerwise/backend-cpu`,
 * `@layerwise/backend-wasm`, ...) register themselves on import; this module
 * lists, picks and switches between them.
 */
import { BackendError } from './errors.js';
import { tfc } from './tfjs.js';

/** Which npm package provides each known backend, for error messages. */
const providers: Record<string, string> = {
  cpu: '@layerwise/backend-cpu',
  wasm: '@layerwise/backend-wasm',
  webgpu: '@layerwise/backend-webgpu',
  node: '@layerwise/backend-node',
};

/** Registered backend names, fastest (highest priority) first. */
export function listBackends(): string[] {
  const factories = tfc.engine().registryFactory;
  return Object.keys(factories).sort((a, b) => factories[b].priority - factories[a].priority);
}

function noBackendsMessage(): string {
  return (
    'No backend is registered. Import one before using tensors, for example ' +
    "`import '@layerwise/backend-wasm'` (fast on any CPU) or `import '@layerwise/backend-cpu'`."
  );
}

/**
 * Makes `name` the active backend and waits until it is initialized.
 * `'auto'` picks the fastest registered backend that starts (webgpu, then node,
 * then wasm, then cpu). Resolves to the name of the backend now active.
 *
 * @example
 * ```ts
 * await setBackend('wasm');
 * await setBackend('auto'); // the fastest one available
 * ```
 */
export async function setBackend(name: string): Promise<string> {
  const names = listBackends();
  if (names.length === 0) throw new BackendError(noBackendsMessage());
  if (name === 'auto') {
    for (const candidate of names) {
      if (await tfc.setBackend(candidate)) return candidate;
    }
    throw new BackendError(`setBackend('auto'): none of the registered backends (${names.join(', ')}) could start.`);
  }
  if (!names.includes(name)) {
    const hint = providers[name] ? ` Install and import '${providers[name]}' to register it.` : '';
    throw new BackendError(
      `setBackend: unknown backend '${name}'. Expected one of: ${names.join(', ')}, or 'auto'.${hint}`,
    );
  }
  if (!(await tfc.setBackend(name))) {
    throw new BackendError(
      `setBackend: backend '${name}' is registered but failed to initialize (see the warning above). ` +
        `Pick another one with setBackend('auto').`,
    );
  }
  return name;
}

/**
 * The name of the active backend. If none was chosen yet, the fastest
 * registered backend that starts synchronously becomes active.
 */
export function getBackend(): string {
  if (listBackends().length === 0) throw new BackendError(noBackendsMessage());
  return tfc.getBackend();
}

/** Resolves once the active backend (or the default one) is initialized. */
export async function ready(): Promise<void> {
  if (listBackends().length === 0) throw new BackendError(noBackendsMessage());
  await tfc.ready();
}

/**
 * A copy of `t` on the active backend (reads the data back, so it is slow:
 * use it to move a few tensors after switching backends, not per step).
 */
export function toBackend(t: import('./tfjs.js').Tensor): import('./tfjs.js').Tensor {
  return tfc.tensor(t.dataSync() as Float32Array, t.shape, t.dtype);
}
