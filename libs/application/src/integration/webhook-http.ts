import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { ResolvedAddress, WebhookTarget } from './ssrf-guard';

export type PostOutcome = { status: number } | { failure: 'timeout' | 'unreachable' | 'aborted' };

/** A lookup that answers every question with the address the guard checked: DNS cannot change it after the check. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
}

/**
 * POSTs `body` to the target, connecting to the pinned address (Host header and TLS server name stay
 * the URL's host). Redirects are not followed. The whole exchange, connect to status line, gets
 * `timeoutMs`; the response body is not read.
 */
export function postPinned(target: WebhookTarget & { pinned: ResolvedAddress }, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const https = target.url.protocol === 'https:';
    const options: RequestOptions & { servername?: string } = {
      method: 'POST',
      host: target.hostname,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      headers: { ...headers, Host: target.url.host, 'Content-Length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(target.pinned),
      agent: false,
    };
    if (https && !isIP(target.hostname)) options.servername = target.hostname;
    const req = (https ? httpsRequest : httpRequest)(options, (res) => {
      settle({ status: res.statusCode ?? 0 });
      res.destroy();
    });
    const timer = setTimeout(() => {
      settle({ failure: 'timeout' });
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      settle({ failure: 'aborted' });
      req.destroy();
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort);
    req.on('error', () => settle({ failure: 'unreachable' }));
    req.end(body);
  });
}
