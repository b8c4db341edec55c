/**
 * What one message between two processes costs on this machine, over loopback TCP: a 200-byte echo to a child
 * process, back to back (both processes stay busy) and paced like the tier-hop load (the processes sleep between
 * messages). On the 2-core VMs this project is measured on, a sleeping process's wake-up costs several times a busy
 * round trip in latency and in CPU, and a tier hop is several such messages (client, Redis, the next tier or the
 * platform): this probe says how much of a hop's time is the machine's rather than the gateway's.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { percentile } from './load-result';

const ECHO_SERVER = `
const net = require('node:net');
const server = net.createServer((socket) => { socket.setNoDelay(true); socket.on('data', (data) => socket.write(data)); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export interface RoundTrips {
  /** Milliseconds between one answer and the next message; 0 = back to back. */
  gapMs: number;
  count: number;
  p50Micros: number;
  /** This (the sending) process's CPU per round trip, user + system. */
  cpuMicros: number;
}

export async function probeLoopback(runs: ReadonlyArray<{ gapMs: number; count: number }>): Promise<RoundTrips[]> {
  const child = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const socket = net.connect(Number(line), '127.0.0.1');
    await once(socket, 'connect');
    socket.setNoDelay(true);
    const results: RoundTrips[] = [];
    const message = Buffer.alloc(200, 0x61);
    for (const { gapMs, count } of runs) {
      const latencies: number[] = [];
      const cpuBefore = process.cpuUsage();
      for (let index = 0; index < count; index += 1) {
        if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
        const sent = process.hrtime.bigint();
        socket.write(message);
        let received = 0;
        while (received < message.length) {
          const [chunk] = (await once(socket, 'data')) as [Buffer];
          received += chunk.length;
        }
        latencies.push(Number(process.hrtime.bigint() - sent) / 1000);
      }
      const cpu = process.cpuUsage(cpuBefore);
      latencies.sort((a, b) => a - b);
      results.push({ gapMs, count, p50Micros: percentile(latencies, 0.5), cpuMicros: (cpu.user + cpu.system) / count });
    }
    socket.destroy();
    return results;
  } finally {
    child.kill();
  }
}
