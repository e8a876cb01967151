// What the in-process stand-ins share: waiting for a condition on their own
// events (no polling), and knowing when they have read every request sent to
// them. A run that gave up on a request at its own read timeout may end before
// the stand-in has read it: in this process a timer that fell due while the
// event loop was busy fires before the socket is read. Counting requests
// after settled() counts them all.
import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import { turns } from "./clock";

export interface Waiters {
  /** Resolves once `ready()` holds, checked at each check(). */
  until(ready: () => boolean): Promise<void>;
  /** Resolves the waiters whose condition holds now. */
  check(): void;
}

export function waiters(): Waiters {
  const waiting: Array<{ ready: () => boolean; resolve: () => void }> = [];
  return {
    until: (ready) => (ready() ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ ready, resolve }))),
    check() {
      for (const waiter of [...waiting])
        if (waiter.ready()) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
    },
  };
}

/** Resolves once nothing is `reading()`, after the event loop has had its turns to accept and read what has arrived. */
export async function settledWhen(waiting: Waiters, reading: () => number): Promise<void> {
  await turns();
  await waiting.until(() => reading() === 0);
}

export interface WatchedHttp {
  /** Resolves once `ready()` holds (checked after every request has been read, and every closed connection). */
  until(ready: () => boolean): Promise<void>;
  /** Resolves once every connection is accepted, and each either closed or read to the end of its requests. */
  settled(): Promise<void>;
  openConnections(): number;
  /** Tears down every connection (a server's close() waits for them). */
  destroyConnections(): void;
}

/**
 * Watches an HTTP server's connections and the requests on them. Its
 * listeners come after the server's own, so a condition on what the server
 * recorded of a request is checked once it has.
 */
export function watchHttp(server: Server): WatchedHttp {
  const waiting = waiters();
  const sockets = new Set<Socket>();
  /**
   * Connections with no request begun yet (by the client's port: over TLS a
   * request's socket is not the connection's), and requests begun whose body
   * has not all been read.
   */
  const fresh = new Set<number | undefined>();
  const reading = new Set<IncomingMessage>();
  server.on("connection", (socket: Socket) => {
    const port = socket.remotePort;
    sockets.add(socket);
    fresh.add(port);
    socket.on("close", () => {
      sockets.delete(socket);
      fresh.delete(port);
      waiting.check();
    });
  });
  server.on("request", (req: IncomingMessage) => {
    fresh.delete(req.socket.remotePort);
    reading.add(req);
    const done = (): void => {
      req.socket.off("close", done);
      reading.delete(req);
      waiting.check();
    };
    req.socket.once("close", done);
    req.once("end", done);
  });
  return {
    until: waiting.until,
    settled: () => settledWhen(waiting, () => fresh.size + reading.size),
    openConnections: () => sockets.size,
    destroyConnections() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
