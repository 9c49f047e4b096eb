/**
 * Node's modules for the callbacks that write files, loaded only when they
 * run. The specifiers are not literals so that browser bundlers (esbuild,
 * webpack, Vite) leave them alone; browser code never gets here.
 */

/** `node:fs/promises`. */
export type NodeFs = typeof import('node:fs/promises');
/** `node:path`. */
export type NodePath = typeof import('node:path');

/**
 * Imports a Node module by a name bundlers do not resolve.
 *
 * @example
 * ```ts
 * const fs = await nodeModule<NodeFs>('node:fs/promises');
 * ```
 */
export const nodeModule = <M>(name: string): Promise<M> => import(/* webpackIgnore: true */ /* @vite-ignore */ name);

/** Whether this runtime is Node (has `process.versions.node`), so files can be written. */
export function hasNodeFileSystem(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === 'string';
}
