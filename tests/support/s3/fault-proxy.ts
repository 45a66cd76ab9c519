import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/**
 * A TCP proxy that misbehaves on purpose, for the next `connections` connections:
 *   reset    — client→server bytes pass until `afterBytes`, then the connection is reset
 *   stall    — accepts and never forwards a byte
 *   truncate — server→client bytes pass until `afterBytes`, then the connection ends
 *   latency  — every chunk waits `ms` first
 */
export type Fault =
  | { readonly kind: 'none' }
  | { readonly kind: 'reset'; readonly afterBytes: number; readonly connections: number }
  | { readonly kind: 'stall'; readonly connections: number }
  | { readonly kind: 'truncate'; readonly afterBytes: number; readonly connections: number }
  | { readonly kind: 'latency'; readonly ms: number };

export interface FaultProxy {
  readonly port: number;
  /** Connections that met a fault so far. */
  readonly faulted: number;
  setFault(fault: Fault): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  let fault: Fault = { kind: 'none' };
  let remaining = 0;
  let faulted = 0;
  const sockets = new Set<Socket>();
  const take = (): Fault => {
    if (fault.kind === 'none' || fault.kind === 'latency') return fault;
    if (remaining <= 0) return { kind: 'none' };
    remaining -= 1;
    faulted += 1;
    return fault;
  };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const mine = take();
    if (mine.kind === 'stall') return;
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    let up = 0;
    let down = 0;
    const delay = mine.kind === 'latency' ? mine.ms : 0;
    const later = (fn: () => void): void => {
      if (delay > 0) setTimeout(fn, delay);
      else fn();
    };
    client.on('data', (data: Buffer) => {
      up += data.length;
      if (mine.kind === 'reset' && up > mine.afterBytes) {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      later(() => upstream.write(data));
    });
    upstream.on('data', (data: Buffer) => {
      if (mine.kind === 'truncate') {
        const room = mine.afterBytes - down;
        down += data.length;
        if (room <= 0) return;
        if (data.length >= room) {
          client.end(data.subarray(0, room));
          upstream.destroy();
          return;
        }
      }
      later(() => client.write(data));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    get faulted() {
      return faulted;
    },
    setFault(next) {
      fault = next;
      remaining = 'connections' in next ? next.connections : 0;
    },
    stop: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
