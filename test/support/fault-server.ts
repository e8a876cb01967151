// A loopback endpoint that misbehaves at the byte level, for fault-injection
// tests. It speaks raw TCP (node:net), reads HTTP/1.1 requests well enough to
// record each one (method, path, headers, body, Username) and counts them, then
// answers the way its mode says: a cut-off or stalled 200, a reset before any
// reply, a reply trickled a byte at a time, bytes that are not HTTP, a header
// too large to parse, a 100 MB body (streamed, never built in memory), or an
// HTTP/1.0 reply whose body ends when the connection closes.
import { type AddressInfo, type Socket, createServer } from "node:net";
import { settledWhen, waiters } from "./watch";

const JSON_TYPE = "application/x-amz-json-1.1";
const REQUEST_ID = "00000000-0000-4000-8000-000000000000";
export const HUGE_BYTES = 100 * 1024 * 1024;

/** The body the service answers a user with. */
export const replyFor = (username: unknown): string =>
  JSON.stringify({
    CodeDeliveryDetails: {
      Destination: `${[...String(username)][0]}***@e***`,
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    },
  });

const head = (status: number, reason: string, headers: Record<string, string | number>, version = "1.1"): string =>
  `HTTP/${version} ${status} ${reason}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;

/** Writes `total` bytes of `prefix` then filler, waiting for the socket to drain; stops when the socket goes. */
function stream(socket: Socket, total: number, prefix: string, chunked: boolean): void {
  const filler = Buffer.alloc(64 * 1024, "a");
  let left = total;
  let first = Buffer.from(prefix);
  const next = (): void => {
    while (left > 0 && !socket.destroyed) {
      const piece = first.length > 0 ? first : filler.subarray(0, Math.min(filler.length, left));
      first = Buffer.alloc(0);
      left -= piece.length;
      const framed = chunked
        ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")])
        : piece;
      if (!socket.write(framed)) {
        socket.once("drain", next);
        return;
      }
    }
    if (left <= 0 && !socket.destroyed) {
      if (chunked) socket.end("0\r\n\r\n");
      else socket.end();
    }
  };
  next();
}

/**
 * What each mode does with one request. `done` is called once the reply is
 * over (or abandoned), so that tests can wait for it.
 */
/** One request as the server read it. */
export interface FaultRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  username: unknown;
}

type Act = (socket: Socket, request: FaultRequest, server: { trickleBytes: number; trickleMs: number }) => void;

const MODES: Record<string, Act> = {
  ok(socket, request) {
    const body = replyFor(request.username);
    socket.write(
      head(200, "OK", {
        "Content-Type": JSON_TYPE,
        "Content-Length": Buffer.byteLength(body),
        "x-amzn-RequestId": REQUEST_ID,
      }) + body,
    );
  },
  /** Headers promise 200 bytes; 31 arrive, then the connection closes. */
  cutoff(socket) {
    socket.end(
      `${head(200, "OK", { "Content-Type": JSON_TYPE, "Content-Length": 200, "x-amzn-RequestId": REQUEST_ID })}{"CodeDeliveryDetails": {"Desti`,
    );
  },
  /** Headers, then nothing more, ever. */
  stall(socket) {
    socket.write(head(200, "OK", { "Content-Type": JSON_TYPE, "Content-Length": 200, "x-amzn-RequestId": REQUEST_ID }));
  },
  /** The request was read; nothing is ever written back (the connection stays open). */
  silent() {},
  /** The request was read; the connection is reset (RST) before any reply. */
  reset(socket) {
    socket.resetAndDestroy();
  },
  /** A valid 200 whose first body bytes come one every trickleMs, then the rest at once. */
  trickle(socket, request, server) {
    const body = Buffer.from(replyFor(request.username));
    socket.write(
      head(200, "OK", { "Content-Type": JSON_TYPE, "Content-Length": body.length, "x-amzn-RequestId": REQUEST_ID }),
    );
    let sent = 0;
    const tick = () => {
      if (socket.destroyed) return;
      if (sent < server.trickleBytes) {
        socket.write(body.subarray(sent, sent + 1));
        sent += 1;
        setTimeout(tick, server.trickleMs);
      } else socket.write(body.subarray(sent));
    };
    tick();
  },
  /** Bytes that are not HTTP at all. */
  garbage(socket) {
    socket.end("hello\r\n");
  },
  /** Half a head, then the connection closes. */
  partialhead(socket) {
    socket.end("HTTP/1.1 200 OK\r\nContent-Ty");
  },
  /** A status line, then a header line of 100 kB. */
  bigheader(socket) {
    socket.end(`HTTP/1.1 200 OK\r\nX-Padding: ${"a".repeat(100 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`);
  },
  /** A 200 with a 100 MB body, with its Content-Length. */
  huge200(socket) {
    socket.write(
      head(200, "OK", { "Content-Type": JSON_TYPE, "Content-Length": HUGE_BYTES, "x-amzn-RequestId": REQUEST_ID }),
    );
    stream(socket, HUGE_BYTES, '{"CodeDeliveryDetails": {"Destination": "', false);
  },
  /** The same, with no Content-Length: the body comes chunked. */
  huge200chunked(socket) {
    socket.write(
      head(200, "OK", { "Content-Type": JSON_TYPE, "Transfer-Encoding": "chunked", "x-amzn-RequestId": REQUEST_ID }),
    );
    stream(socket, HUGE_BYTES, '{"CodeDeliveryDetails": {"Destination": "', true);
  },
  /** A 400 whose 100 MB body comes chunked. */
  huge400(socket) {
    socket.write(
      head(400, "Bad Request", {
        "Content-Type": JSON_TYPE,
        "Transfer-Encoding": "chunked",
        "x-amzn-ErrorType": "InvalidParameterException:",
        "x-amzn-RequestId": REQUEST_ID,
      }),
    );
    stream(socket, HUGE_BYTES, '{"__type": "InvalidParameterException", "message": "', true);
  },
  /** HTTP/1.0, Connection: close, no Content-Length: the body ends when the connection does. */
  http10(socket, request) {
    socket.end(
      head(200, "OK", { "Content-Type": JSON_TYPE, Connection: "close", "x-amzn-RequestId": REQUEST_ID }, "1.0") +
        replyFor(request.username),
    );
  },
};

export interface FaultServer {
  url: string;
  port: number;
  requests: FaultRequest[];
  /** How many requests each username was sent in. */
  counts(prefix?: string): Record<string, number>;
  /** Resolves once `ready()` holds (checked on every request and every closed connection). */
  until(ready: () => boolean): Promise<void>;
  /** Resolves once the server has read every request sent to it so far: count requests after this (see watch.ts). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export const FAULT_MODES = Object.keys(MODES).filter((mode) => mode !== "ok");

/** Splits the requests out of the bytes a connection has sent so far. */
function takeRequests(state: { buffer: Buffer }): FaultRequest[] {
  const found: FaultRequest[] = [];
  for (;;) {
    const end = state.buffer.indexOf("\r\n\r\n");
    if (end < 0) return found;
    const lines = state.buffer.subarray(0, end).toString("latin1").split("\r\n");
    const [method, path] = lines[0].split(" ");
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    if (state.buffer.length < end + 4 + length) return found;
    const body = state.buffer.subarray(end + 4, end + 4 + length).toString("utf8");
    state.buffer = state.buffer.subarray(end + 4 + length);
    let username: unknown;
    try {
      username = JSON.parse(body).Username;
    } catch {
      username = undefined;
    }
    found.push({ method, path, headers, body, username });
  }
}

/**
 * Starts the server on 127.0.0.1 in `mode` (one of FAULT_MODES, or "ok").
 * Options: trickleBytes (how many body bytes the trickle mode sends one at a
 * time before the rest; default 10) and trickleMs (the time between them, real
 * milliseconds; default 250).
 */
export async function startFaultServer(
  mode: string,
  options: { trickleBytes?: number; trickleMs?: number } = {},
): Promise<FaultServer> {
  const act = MODES[mode];
  if (!act) throw new Error(`unknown fault mode ${mode}`);
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();
  /** The open connections that have not yet been read to the end of a request. */
  const reading = new Set<Socket>();
  const waiting = waiters();
  const settle = waiting.check;
  const self = { trickleBytes: options.trickleBytes ?? 10, trickleMs: options.trickleMs ?? 250 };
  const server = createServer((socket) => {
    sockets.add(socket);
    reading.add(socket);
    const state = { buffer: Buffer.alloc(0) };
    let read = 0;
    // The client may go at any moment (that is the point); its errors are expected.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      sockets.delete(socket);
      reading.delete(socket);
      settle();
    });
    socket.on("data", (data: Buffer) => {
      state.buffer = Buffer.concat([state.buffer, data]);
      reading.add(socket);
      for (const request of takeRequests(state)) {
        requests.push(request);
        read += 1;
        act(socket, request, self);
        settle();
      }
      if (state.buffer.length === 0 && read > 0) reading.delete(socket);
      settle();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** How many requests each username was sent in. */
    counts(prefix = "") {
      const counts: Record<string, number> = {};
      for (const r of requests)
        if (String(r.username).startsWith(prefix)) counts[String(r.username)] = (counts[String(r.username)] ?? 0) + 1;
      return counts;
    },
    until: waiting.until,
    settled: () => settledWhen(waiting, () => reading.size),
    close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
