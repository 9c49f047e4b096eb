// RemoteMonitor against a real HTTP server on 127.0.0.1.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memory } from '@layerwise/tensors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallbackList } from './callback-list.js';
import { RemoteMonitor } from './remote-monitor.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | null = null;

/** Starts a server on a random port that records each request and answers `status`. */
async function startServer(status = 200): Promise<{ root: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { root: `http://127.0.0.1:${port}`, received };
}

afterEach(async () => {
  vi.restoreAllMocks();
  const s = server;
  server = null;
  if (s !== null) await new Promise<void>((resolve) => s.close(() => resolve()));
});

describe('RemoteMonitor', () => {
  it('POSTs each epoch as a form with the JSON in field data, as Keras', async () => {
    const { root, received } = await startServer();
    const warn = vi.spyOn(console, 'warn');
    const before = memory().numTensors;
    const list = new CallbackList([new RemoteMonitor({ root, headers: { 'X-Run': 'r1' } })]);
    await list.onEpochEnd(0, { loss: 0.5, accuracy: 1 });
    await list.onEpochEnd(1, { loss: 0.25, accuracy: 0.1 + 0.2 });
    expect(received).toHaveLength(2);
    const [first, second] = received as [Received, Received];
    expect(first.method).toBe('POST');
    expect(first.url).toBe('/publish/epoch/end/');
    expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(first.headers['x-run']).toBe('r1');
    const form = new URLSearchParams(first.body);
    expect([...form.keys()]).toEqual(['data']);
    // Python's json.dumps text: ', ' and ': ' separators, floats as Python writes them.
    expect(form.get('data')).toBe('{"epoch": 0, "loss": 0.5, "accuracy": 1.0}');
    expect(JSON.parse(new URLSearchParams(second.body).get('data') ?? '')).toEqual({
      epoch: 1,
      loss: 0.25,
      accuracy: 0.1 + 0.2,
    });
    expect(warn).not.toHaveBeenCalled();
    expect(memory().numTensors).toBe(before);
  });

  it('sends a JSON body with sendAsJson, to root + path, and uses the given field otherwise', async () => {
    const { root, received } = await startServer();
    await new RemoteMonitor({ root, path: '/events', sendAsJson: true }).onEpochEnd(2, {
      val_loss: 0.125,
      loss: Number.NaN,
    });
    await new RemoteMonitor({ root, field: 'payload' }).onEpochEnd(3, { loss: Number.NaN });
    const [json, form] = received as [Received, Received];
    expect(json.url).toBe('/events');
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.body).toBe('{"epoch": 2, "val_loss": 0.125, "loss": null}');
    expect(JSON.parse(json.body)).toEqual({ epoch: 2, val_loss: 0.125, loss: null });
    expect(new URLSearchParams(form.body).get('payload')).toBe('{"epoch": 3, "loss": NaN}');
  });

  it('warns, and does not throw, when the server is down or answers an error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { root } = await startServer(500);
    await new RemoteMonitor({ root }).onEpochEnd(0, { loss: 1 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/answered 500/);

    // Closing the server frees its port: nothing listens there now.
    const s = server;
    server = null;
    await new Promise<void>((resolve) => s?.close(() => resolve()));
    const list = new CallbackList([new RemoteMonitor({ root })]);
    await expect(list.onEpochEnd(1, { loss: 0.5 })).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]?.[0]).toMatch(new RegExp(`Could not reach RemoteMonitor root server at ${root}`));
  });

  it('warns when a request times out', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new RemoteMonitor({ root: `http://127.0.0.1:${port}`, timeoutMs: 100 }).onEpochEnd(0, { loss: 1 });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/Could not reach RemoteMonitor/);
    server.closeAllConnections();
  });
});
