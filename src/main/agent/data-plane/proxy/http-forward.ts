import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { type DestinationResult, formatDestination, makeDestination } from './destination.js';
import { dialDecision } from './dial.js';
import { dialErrorFrom } from './dial-error.js';
import { proxyAuthorization } from './dial-http-connect.js';
import { decide, type FrontContext } from './front-context.js';
import { badRequest, dialFailed, refused, sendAnswer } from './http-answer.js';
import { endToEndHeaders } from './http-headers.js';

type Target =
  | { ok: true; url: URL; destination: DestinationResult }
  | { ok: false; reason: string };

function parseTarget(raw: string): Target {
  if (/^https:\/\//i.test(raw)) {
    return { ok: false, reason: `use CONNECT for https (got ${raw.slice(0, 80)})` };
  }
  if (!/^http:\/\//i.test(raw)) {
    return {
      ok: false,
      reason: 'this is a proxy: send an absolute URI (GET http://host/path) or CONNECT host:port',
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `${raw.slice(0, 80)} is not a valid URL` };
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    ok: true,
    url,
    destination: makeDestination(host, url.port === '' ? 80 : Number(url.port)),
  };
}

/**
 * Serves one absolute-URI request (`GET http://host/path`). Each request is decided on its own:
 * a keep-alive client may ask for different hosts. The upstream connection carries this one
 * request (`Connection: close`), so a switch never leaves a pooled upstream on the old egress.
 */
export function serveForward(
  req: IncomingMessage,
  res: ServerResponse,
  context: FrontContext,
): void {
  const client = req.socket;
  context.tracker.releaseIdle(client);
  const target = parseTarget(req.url ?? '');
  if (!target.ok || !target.destination.ok) {
    context.tracker.counters.bad_input += 1;
    const reason = target.ok ? (target.destination as { reason: string }).reason : target.reason;
    sendAnswer(res, badRequest(reason));
    return;
  }
  const { url } = target;
  const destination = target.destination.destination;
  const flow = context.tracker.begin('http-forward', destination, context.scope);
  flow.onClose(() => client.destroy());
  const decision = decide(context, destination);
  flow.decided(decision.label, decision.ok ? decision.upstream : null);
  if (!decision.ok) {
    sendAnswer(res, refused(decision.reason, decision.label));
    flow.finish('refused', decision.reason);
    return;
  }
  let clientGone = false;
  res.once('close', () => {
    clientGone = !res.writableFinished;
  });

  dialDecision(decision, destination, 'forward', context.limits.dialTimeoutMs).then(
    (dialled) => {
      flow.carried(dialled);
      const upstreamSocket = dialled.socket;
      if (clientGone || client.destroyed || flow.finished) {
        upstreamSocket.destroy();
        flow.finish('ok', 'the client closed the connection while it was being dialled');
        return;
      }
      const authority = formatDestination(destination);
      const headers = endToEndHeaders(req.rawHeaders, ['host']);
      headers.unshift('Host', url.host);
      const upstream = dialled.upstream;
      if (dialled.viaHttpGateway && upstream.kind === 'http') {
        const authorization = proxyAuthorization(upstream);
        if (authorization !== undefined) headers.push('Proxy-Authorization', authorization);
      }
      const path = dialled.viaHttpGateway
        ? `http://${authority}${url.pathname}${url.search}`
        : `${url.pathname}${url.search}`;
      const upReq = request({
        method: req.method ?? 'GET',
        path,
        headers,
        setHost: false,
        createConnection: () => upstreamSocket,
      });
      const fail = (reason: string) => {
        // Late errors of a request already answered in full change nothing (keep the client).
        if (flow.finished) return;
        upstreamSocket.destroy();
        if (!res.headersSent)
          sendAnswer(res, dialFailed(dialErrorFrom(new Error(reason), 'destination', authority)));
        else client.destroy();
        flow.finish('failed', reason);
      };
      upReq.on('error', (error) => fail(`the destination connection failed: ${error.message}`));
      upReq.once('response', (upRes) => {
        res.writeHead(
          upRes.statusCode ?? 502,
          upRes.statusMessage,
          endToEndHeaders(upRes.rawHeaders),
        );
        pipeline(upRes, res, (error) => {
          upstreamSocket.destroy();
          if (error !== undefined && error !== null) {
            if (!res.writableFinished) client.destroy();
            flow.finish(
              clientGone ? 'ok' : 'failed',
              clientGone ? 'the client went away' : error.message,
            );
            return;
          }
          flow.finish('ok', dialled.fallbackReason);
          if (!client.destroyed) context.tracker.holdIdle(client, flow);
        });
      });
      pipeline(req, upReq, (error) => {
        if (error !== undefined && error !== null)
          fail(`the request body failed: ${error.message}`);
      });
    },
    (error: unknown) => {
      const failure = dialErrorFrom(error, 'destination', 'dial');
      if (failure.triedFallback) flow.markFallbackTried();
      if (!clientGone) sendAnswer(res, dialFailed(failure));
      flow.finish('failed', failure.message);
    },
  );
}
