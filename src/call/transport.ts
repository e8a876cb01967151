// The transport under the SDK: the connection agents (TLS settings, the CA
// bundle), which requests were written and whether any byte of a reply came
// back, and every response body read within its cap. The SDK's own Node.js
// request handler sends the requests, given these agents; this command's
// handler is that class with a watch around each request.
import type { Agent as HttpAgent, ClientRequest } from "node:http";
import type { Socket } from "node:net";
import type { Readable, Transform } from "node:stream";
import type { HttpRequest, HttpResponse } from "@smithy/core/protocols";
import type { NodeHttpHandler, NodeHttpHandlerOptions } from "@smithy/node-http-handler";
import type { HttpHandlerOptions } from "@smithy/types";
import { type CliError, failed } from "../common";
import { osError } from "../input";
import { keepAnswerBody, markReplyFault, markUnanswered, type SdkError } from "./failures";
import { type CallSettings, endpointFor } from "./settings";

/**
 * The most of a response body this command reads. Real answers are under a
 * kilobyte; past this the connection is dropped and the request counts as
 * answered (it is not sent again).
 */
const BODY_CAP = 1024 * 1024;
export const BODY_CUT = "the connection closed before the whole body arrived";
const BODY_STALLED = "no more of the body arrived within the read timeout";
const BODY_TOO_LARGE = "the body is larger than 1 MiB, the most this command reads";

/** One request on the wire: whether it may have been written (its connection was up). */
interface Exchange {
  written: boolean;
}

/**
 * The exchange of each request being handled, found by the agent as Node
 * makes the request: keyed by the request's headers, the object the SDK's
 * handler gives to http.request, which Node hands on to the agent's
 * addRequest. Not an AsyncLocalStorage: on Node.js 20 and 22 that turns on
 * the promise hooks for the whole run, which npm run bench measured at about
 * 3 ms of a call's start-up on Node.js 20.
 */
const exchanges = new WeakMap<object, Exchange>();

/**
 * The connection agent, always our own: for an http endpoint no TLS is needed,
 * so no https agent is made; for an https one, with the TLS settings. Either
 * way it watches each request's socket (see watchReplies). `url` names the
 * endpoint in a CA bundle's failure.
 */
export function agents(
  settings: CallSettings,
  maxSockets: number,
  url: () => string,
): Pick<NodeHttpHandlerOptions, "httpAgent" | "httpsAgent"> {
  if (new URL(endpointFor(settings)).protocol === "http:") {
    const http = require("node:http") as typeof import("node:http");
    const agent = watchReplies(new http.Agent({ keepAlive: true, maxSockets }));
    return { httpAgent: agent, httpsAgent: agent as import("node:https").Agent };
  }
  const https = require("node:https") as typeof import("node:https");
  const tls =
    settings.verifySsl && settings.caBundle === undefined
      ? {}
      : {
          rejectUnauthorized: settings.verifySsl,
          ca: settings.caBundle === undefined ? undefined : readCaBundle(settings.caBundle, url),
        };
  return { httpsAgent: watchReplies(new https.Agent({ keepAlive: true, maxSockets, ...tls })) };
}

/**
 * The CA bundle's certificates; a file that cannot be read, holds no
 * certificate, or holds one that does not parse fails the call as the AWS CLI
 * fails it.
 */
function readCaBundle(path: string, url: () => string): Buffer {
  const fail = (reason: string): CliError => failed(`SSL validation failed for ${url()} ${reason}`);
  let bundle: Buffer;
  try {
    bundle = (require("node:fs") as typeof import("node:fs")).readFileSync(path);
  } catch (error) {
    const known = osError(error as NodeJS.ErrnoException);
    throw fail(known ? `[Errno ${known[0]}] ${known[1]}` : (error as Error).message);
  }
  const blocks = bundle.toString("latin1").match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw fail("[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found");
  const { X509Certificate } = require("node:crypto") as typeof import("node:crypto");
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw fail("[X509] PEM lib");
    }
  }
  return bundle;
}

/**
 * Marks a request's failure as one after its reply began when any byte came
 * back on its socket before the failure (a head cut off, too large, or not
 * HTTP): Node reports those as a hang-up or a parse error, as it does a
 * connection closed before any reply, which alone may be retried. Node's
 * agents take each request through addRequest, which is wrapped here.
 */
function watchReplies<A extends HttpAgent>(agent: A): A {
  const inner = agent as A & { addRequest: (req: ClientRequest, options: { headers?: object }) => void };
  const addRequest = inner.addRequest.bind(agent);
  inner.addRequest = (req: ClientRequest, options: { headers?: object }) => {
    const exchange = options.headers && exchanges.get(options.headers);
    req.once("socket", (socket: Socket) => {
      if (exchange) watchWritten(req, socket, exchange);
      const before = socket.bytesRead;
      req.prependListener("error", (error: Error) => {
        // Once a head has arrived, the body's guard marks the failure.
        if (!(req as ClientRequest & { res?: unknown }).res && socket.bytesRead > before)
          markReplyFault(error, { reason: "the reply is not valid HTTP" });
      });
    });
    addRequest(req, options);
  };
  return agent;
}

/**
 * The request is written as soon as its connection is up (on a connection
 * kept open, at once): from then on it may reach the service. Marked then, not
 * when the write is done, so that a timer that fires first (a busy process)
 * cannot make a request that went out look unsent.
 */
function watchWritten(req: ClientRequest, socket: Socket, exchange: Exchange): void {
  const tls = (socket as Socket & { encrypted?: boolean }).encrypted === true;
  const reused = (req as ClientRequest & { reusedSocket?: boolean }).reusedSocket === true;
  // A socket from the agent's queue may be up already without being marked reused: judged by its state.
  const secure = (socket as Socket & { _secureEstablished?: boolean })._secureEstablished === true;
  if (reused || (!socket.connecting && (!tls || secure))) exchange.written = true;
  else socket.once(tls ? "secureConnect" : "connect", () => (exchange.written = true));
}

/**
 * The SDK's Node.js request handler (`base`, from the SDK's bundle) with
 * `options`, every request through a watch: a failure after it was written
 * whole and before any reply is marked unanswered (its outcome unknown).
 * Every response body is read through a guard: a failure once the head has
 * arrived (cut off, stalled, too large) is marked as after a reply, so it is
 * never retried, and past BODY_CAP the connection is dropped rather than the
 * body buffered. The guard sits in the request handler, under every
 * middleware (the --debug log's included).
 */
export function guardedHandler(base: typeof NodeHttpHandler, options: NodeHttpHandlerOptions): NodeHttpHandler {
  class GuardedHandler extends base {
    override async handle(
      request: HttpRequest,
      handlerOptions?: HttpHandlerOptions,
    ): Promise<{ response: HttpResponse }> {
      const exchange: Exchange = { written: false };
      let result: { response: HttpResponse };
      try {
        exchanges.set(request.headers, exchange);
        result = await super.handle(request, handlerOptions);
      } catch (error) {
        // Written and no reply began: the outcome is unknown (a reply that began is marked already, and counts first).
        if (exchange.written) markUnanswered(error);
        throw error;
      }
      const { response } = result;
      const source = response.body as Readable | undefined;
      if (source && typeof source.pipe === "function") {
        // An error answer's bytes are kept, to be read as the AWS CLI reads them (answer.ts).
        const keep = response.statusCode >= 300 ? (body: Uint8Array) => keepAnswerBody(response, body) : undefined;
        response.body = guardedBody(source, response, keep);
      }
      return result;
    }
  }
  return new GuardedHandler(options);
}

/** `source` through the body's guard; `keep`, if given, has the whole body once it has come. */
function guardedBody(source: Readable, response: HttpResponse, keep?: (body: Uint8Array) => void): Readable {
  const { Transform } = require("node:stream") as typeof import("node:stream");
  const status = response.statusCode;
  const declared = Number(response.headers["content-length"] ?? 0);
  const chunks: Buffer[] = [];
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > BODY_CAP || declared > BODY_CAP) return done(new Error(`Response body over ${BODY_CAP} bytes`));
      if (keep) chunks.push(chunk);
      done(null, chunk);
    },
    flush(done) {
      keep?.(Buffer.concat(chunks));
      done();
    },
    destroy(error, done) {
      if (error) {
        const e = error as SdkError;
        const reason = /^Response body over/.test(e.message)
          ? BODY_TOO_LARGE
          : e.name === "TimeoutError" && e.code === undefined
            ? BODY_STALLED
            : BODY_CUT;
        markReplyFault(error, { status, reason });
      }
      done(error);
    },
  });
  return relay(source, guard);
}

/**
 * `source` fed through `through`, which is returned: an error on either side
 * ends both (past the cap, the socket is destroyed), as stream.pipeline ends
 * them. Fed by hand rather than by pipe() or pipeline(): those ask for
 * process.stdout and process.stderr, which makes Node set up both streams
 * (some milliseconds) for a command that writes to its file descriptors.
 */
export function relay(source: Readable, through: Transform): Transform {
  const { finished } = require("node:stream") as typeof import("node:stream");
  source.on("data", (chunk: Buffer) => {
    if (!through.write(chunk)) source.pause();
  });
  through.on("drain", () => source.resume());
  finished(source, (error) => {
    if (error) through.destroy(error);
    else through.end();
  });
  finished(through, (error) => {
    if (error) source.destroy();
  });
  return through;
}

/**
 * The SDK's stream collector (the `streamCollector` setting), for the Node
 * streams this command's handler gives: a body's bytes, read without pipe()
 * (see relay).
 */
export function collectBody(stream: unknown): Promise<Uint8Array> {
  const source = stream as Readable;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    source.on("data", (chunk: Buffer) => chunks.push(chunk));
    source.once("error", reject);
    source.once("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}
