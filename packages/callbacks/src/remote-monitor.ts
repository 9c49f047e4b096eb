/**
 * `RemoteMonitor`: Keras 3's callback that POSTs each epoch's logs to a server.
 */
import type { Logs } from '@layerwise/core';
import { Callback } from './callback.js';
import { pyFloatStr } from './str-format.js';

/**
 * Options of {@link RemoteMonitor}.
 *
 * @example
 * ```ts
 * new RemoteMonitor({ root: 'http://dashboard:9000', headers: { authorization: 'Bearer …' }, sendAsJson: true });
 * ```
 */
export interface RemoteMonitorOptions {
  /** The server's root URL (default `'http://localhost:9000'`). */
  root?: string;
  /** The path after `root` that events go to (default `'/publish/epoch/end/'`). */
  path?: string;
  /** The form field holding the JSON (default `'data'`); unused with `sendAsJson`. */
  field?: string;
  /** Extra HTTP headers for each request. */
  headers?: Record<string, string>;
  /** Send the logs as an `application/json` body instead of inside a form (default false). */
  sendAsJson?: boolean;
  /**
   * Give up on a request after this many milliseconds (default 30000), with
   * a warning, so a server that never answers cannot stall training. Keras
   * has no timeout.
   */
  timeoutMs?: number;
}

/** A flat object of numbers as Python's `json.dumps` writes it (`{"epoch": 0, "loss": 0.5}`). */
function pyJsonDumps(send: Array<[string, number, boolean]>, allowNan: boolean): string {
  const items = send.map(([key, value, integer]) => {
    let text: string;
    if (!Number.isFinite(value)) {
      if (!allowNan) text = 'null';
      else text = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    } else text = integer && Number.isInteger(value) ? String(value) : pyFloatStr(value);
    return `${JSON.stringify(key)}: ${text}`;
  });
  return `{${items.join(', ')}}`;
}

/**
 * Streams each epoch's logs to a server with an HTTP POST (Keras's
 * `keras.callbacks.RemoteMonitor`), using the runtime's `fetch` (Node 18+
 * and browsers). The event is `{"epoch": <epoch, from 0>, ...logs}`,
 * serialized as Python's `json.dumps` writes it. By default it is sent as a
 * form (`application/x-www-form-urlencoded`) with the JSON in the `field`
 * field (`data=%7B%22epoch%22%3A+0%2C...`), exactly as Keras's
 * `requests.post(url, {field: json.dumps(send)})`; with `sendAsJson` the
 * JSON is the body, with `Content-Type: application/json`.
 *
 * A request that fails (server down, refused, timed out) or answers with an
 * HTTP error status only warns (`console.warn`); it never stops training.
 * Keras warns only when the server cannot be reached.
 * Non-finite values are written `NaN`/`Infinity` in the form (as Python's
 * `json.dumps`), and `null` in a JSON body, which must be valid JSON.
 *
 * @example
 * ```ts
 * // A server at http://localhost:9000 receives POST /publish/epoch/end/ after each epoch.
 * await model.fit(x, y, { epochs: 10, callbacks: [new RemoteMonitor({ sendAsJson: true })] });
 * ```
 */
export class RemoteMonitor extends Callback {
  readonly root: string;
  readonly path: string;
  readonly field: string;
  readonly headers: Record<string, string>;
  readonly sendAsJson: boolean;
  readonly timeoutMs: number;

  constructor(options: RemoteMonitorOptions = {}) {
    super();
    this.root = options.root ?? 'http://localhost:9000';
    this.path = options.path ?? '/publish/epoch/end/';
    this.field = options.field ?? 'data';
    this.headers = { ...(options.headers ?? {}) };
    this.sendAsJson = options.sendAsJson ?? false;
    this.timeoutMs = options.timeoutMs ?? 30000;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const send: Array<[string, number, boolean]> = [['epoch', epoch, true]];
    for (const key of Object.keys(logs)) {
      if (key !== 'epoch') send.push([key, logs[key] as number, false]);
      else send[0] = ['epoch', logs[key] as number, false];
    }
    const url = this.root + this.path;
    let body: string;
    let contentType: string;
    if (this.sendAsJson) {
      body = pyJsonDumps(send, false);
      contentType = 'application/json';
    } else {
      body = new URLSearchParams({ [this.field]: pyJsonDumps(send, true) }).toString();
      contentType = 'application/x-www-form-urlencoded';
    }
    const fetchFn = (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof fetchFn !== 'function') {
      console.warn(`RemoteMonitor: this runtime has no fetch, so nothing was sent to ${url}.`);
      return;
    }
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: { 'Content-Type': contentType, ...this.headers },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Drain the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) {
        console.warn(`RemoteMonitor: the server at ${url} answered ${response.status} ${response.statusText}.`);
      }
    } catch (err) {
      const reason =
        err instanceof Error
          ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`
          : String(err);
      console.warn(`Could not reach RemoteMonitor root server at ${this.root} (${reason}).`);
    }
  }
}
