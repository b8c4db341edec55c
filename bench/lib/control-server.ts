/**
 * A server under test's control port, apart from the port it serves (so nothing measured passes through it):
 *   GET    /cpu       `process.cpuUsage()` so far (µs, every thread of the process)
 *   POST   /profile   starts V8's sampling profiler in process
 *   DELETE /profile   stops it, writes the profile into `dataDir` and answers `{ file }`
 * A profile started and stopped around a load holds that load alone (`--cpu-prof` would span start-up too: module
 * loading, key generation, wasm compilation).
 */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface ControlServer {
  /** e.g. http://127.0.0.1:1234: `${url}/cpu`, `${url}/profile`. */
  url: string;
  close(): Promise<void>;
}

export async function startControlServer(dataDir: string): Promise<ControlServer> {
  const profiler = new inspector.Session();
  profiler.connect();
  let profiles = 0;
  const server = http.createServer((request, response) => {
    const answer = (status: number, body?: unknown) => {
      response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const route = `${request.method} ${request.url}`;
    const handled =
      route === 'GET /cpu'
        ? Promise.resolve(answer(200, process.cpuUsage()))
        : route === 'POST /profile'
          ? profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start')).then(() => answer(204))
          : route === 'DELETE /profile'
            ? profiler.post('Profiler.stop').then(({ profile }) => {
                const file = path.join(dataDir, `load-${(profiles += 1)}.cpuprofile`);
                writeFileSync(file, JSON.stringify(profile));
                answer(200, { file });
              })
            : Promise.resolve(answer(404));
    handled.catch((error: unknown) => answer(500, { error: error instanceof Error ? error.message : String(error) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      profiler.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The client side: CPU time so far, and a profile around `load`. */
export async function cpuMicros(controlUrl: string): Promise<number> {
  const usage = (await (await fetch(`${controlUrl}/cpu`)).json()) as { user: number; system: number };
  return usage.user + usage.system;
}

export async function profileAround<T>(controlUrl: string, load: () => Promise<T>): Promise<{ result: T; file: string }> {
  const started = await fetch(`${controlUrl}/profile`, { method: 'POST' });
  if (started.status !== 204) throw new Error(`the profiler did not start: ${started.status}`);
  const result = await load();
  const { file } = (await (await fetch(`${controlUrl}/profile`, { method: 'DELETE' })).json()) as { file: string };
  return { result, file };
}
