import { connect, type Socket } from 'node:net';
import type { ProxyEndpoint } from '../../shared/api/index.js';
import { errorMessage } from '../../shared/text/error-message.js';

/** Where an HTTP gateway is asked to CONNECT (the control API itself by default). */
export interface ProbeTarget {
  host: string;
  port: number;
}

export type ProbeOutcome = { ok: true; rttMs: number } | { ok: false; error: string };

export interface ProbeOptions {
  target: ProbeTarget;
  timeoutMs: number;
  /** Elapsed time in milliseconds (injectable, like every clock of the control API). */
  monotonic: () => number;
  signal?: AbortSignal | undefined;
}

/** One probe of one gateway: a function so tests and benchmarks can swap it. */
export type GatewayProber = (
  gateway: ProxyEndpoint,
  options: ProbeOptions,
) => Promise<ProbeOutcome>;

/** An HTTP CONNECT answer is one status line and headers; anything longer is not a proxy. */
const MAX_HTTP_HEAD = 16 * 1024;

class ProbeFailure extends Error {}

/** Reads from a socket until `complete` says how many bytes make the answer. */
function readUntil(socket: Socket, complete: (data: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (complete(data)) {
        cleanup();
        resolve(data);
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new ProbeFailure('the gateway closed the connection before answering'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
  });
}

/** RFC 1928 method negotiation, and RFC 1929 user/password when the gateway asks for it. */
async function socks5Greeting(socket: Socket, gateway: ProxyEndpoint): Promise<void> {
  const credentials = gateway.username !== undefined;
  // 0x00 no authentication; 0x02 user/password, offered only when we have credentials.
  socket.write(Buffer.from(credentials ? [0x05, 0x02, 0x00, 0x02] : [0x05, 0x01, 0x00]));
  const reply = await readUntil(socket, (data) => data.length >= 2);
  if (reply[0] !== 0x05) {
    throw new ProbeFailure(
      `not a SOCKS5 server (answered 0x${reply.subarray(0, 2).toString('hex')})`,
    );
  }
  const method = reply[1];
  if (method === 0x00) return;
  if (method === 0x02 && credentials) {
    const user = Buffer.from(gateway.username ?? '', 'utf8');
    const password = Buffer.from(gateway.password ?? '', 'utf8');
    if (user.length > 255 || password.length > 255) {
      throw new ProbeFailure('the user name or password is longer than SOCKS5 allows (255 bytes)');
    }
    socket.write(
      Buffer.concat([
        Buffer.from([0x01, user.length]),
        user,
        Buffer.from([password.length]),
        password,
      ]),
    );
    const status = await readUntil(socket, (data) => data.length >= 2);
    if (status[1] !== 0x00) throw new ProbeFailure('the SOCKS5 gateway refused the credentials');
    return;
  }
  if (method === 0xff) {
    throw new ProbeFailure(
      credentials
        ? 'the SOCKS5 gateway accepts none of the offered methods (no auth, user/password)'
        : 'the SOCKS5 gateway accepts none of the offered methods (it may need credentials)',
    );
  }
  throw new ProbeFailure(
    `the SOCKS5 gateway chose method 0x${method?.toString(16)} we did not offer`,
  );
}

function hostForm(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** An HTTP CONNECT to the probe target; a 200 means the gateway can reach it. */
async function httpConnect(socket: Socket, gateway: ProxyEndpoint, target: ProbeTarget) {
  const authority = `${hostForm(target.host)}:${target.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (gateway.username !== undefined) {
    const basic = Buffer.from(`${gateway.username}:${gateway.password ?? ''}`).toString('base64');
    lines.push(`Proxy-Authorization: Basic ${basic}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  const head = await readUntil(
    socket,
    (data) => data.includes('\r\n\r\n') || data.includes('\n\n') || data.length > MAX_HTTP_HEAD,
  );
  const statusLine = head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new ProbeFailure('not an HTTP proxy (no HTTP status line)');
  if (match[1] !== '200') {
    throw new ProbeFailure(
      `CONNECT ${authority} answered "${statusLine.slice(0, 120).replace(/[^\x20-\x7e]/g, '?')}"`,
    );
  }
}

function explainFailure(error: unknown, gateway: ProxyEndpoint): string {
  if (error instanceof ProbeFailure) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${hostForm(gateway.host)}:${gateway.port}`;
  if (code === 'ECONNREFUSED') return `connection refused by ${where}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve ${gateway.host}`;
  if (code) return `${code} connecting to ${where}`;
  return errorMessage(error);
}

/** TCP connect plus the gateway's protocol greeting, within `timeoutMs`. */
export const probeGateway: GatewayProber = (gateway, options) => {
  const started = options.monotonic();
  const socket = connect({ host: gateway.host, port: gateway.port });
  socket.setNoDelay(true);
  // Errors are read where they matter (connect, each answer); none may go unheard.
  socket.on('error', () => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProbeFailure(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
  });
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new ProbeFailure('the probe was stopped'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const exchange = (async () => {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    if (gateway.scheme === 'socks5') await socks5Greeting(socket, gateway);
    else await httpConnect(socket, gateway, options.target);
  })();
  return Promise.race([exchange, timedOut, aborted])
    .then(
      (): ProbeOutcome => ({ ok: true, rttMs: options.monotonic() - started }),
      (error: unknown): ProbeOutcome => ({ ok: false, error: explainFailure(error, gateway) }),
    )
    .finally(() => {
      clearTimeout(timer);
      exchange.catch(() => {});
      socket.destroy();
    });
};
