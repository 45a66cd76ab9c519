import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the browser host: only a page we served, on the exact
 * loopback origin, holding this launch's token. The Host check defeats DNS
 * rebinding (a foreign name resolving to 127.0.0.1 still carries its own
 * Host header); the Origin check defeats other local pages.
 */
export interface HostIdentity {
  readonly port: number;
  readonly token: string;
}

export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostHeaderOk(req: IncomingMessage, identity: HostIdentity): boolean {
  const host = req.headers.host;
  return host !== undefined && allowedHosts(identity.port).includes(host.toLowerCase());
}

/** Browsers always send Origin on POST and on fetch(); a script client may omit it. */
export function originOk(req: IncomingMessage, identity: HostIdentity): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return allowedHosts(identity.port).some((host) => origin === `http://${host}`);
}

export function tokenOk(req: IncomingMessage, identity: HostIdentity): boolean {
  const header = req.headers.authorization;
  const presented = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length) : undefined;
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(identity.token);
  return a.length === b.length && timingSafeEqual(a, b);
}
