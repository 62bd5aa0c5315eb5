import { Readable } from 'node:stream';
import type { BaseHttpClient, HttpRequest, HttpResponse, RedirectHandler, ResponseTypes, StreamingHttpResponse } from '@crawlee/core';

/**
 * A crawlee HTTP client on Node's own fetch (undici). crawlee's default
 * (got-scraping) builds browser-like header sets and TLS fingerprints per
 * request, which repwatch does not want (it announces itself with its own
 * User-Agent) and which cost as much CPU per page as parsing it: with this
 * client the engine keeps up with a bare fetch loop (bench/crawl).
 */
type Headers = Record<string, string | string[] | undefined>;

function flatHeaders(h: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function responseHeaders(res: Response): Headers {
  const out: Headers = {};
  res.headers.forEach((value, key) => {
    out[key] = key === 'set-cookie' ? res.headers.getSetCookie() : value;
  });
  return out;
}

function timeoutMs(request: HttpRequest<any>): number | undefined {
  const t = request.timeout as { request?: number } | undefined;
  return t?.request;
}

async function send(request: HttpRequest<any>): Promise<Response> {
  const ms = timeoutMs(request);
  const signals = [request.signal, ms ? AbortSignal.timeout(ms) : undefined].filter((s): s is AbortSignal => !!s);
  return fetch(request.url, {
    method: request.method ?? 'GET',
    headers: flatHeaders(request.headers),
    body: typeof request.body === 'string' || Buffer.isBuffer(request.body) ? (request.body as unknown as BodyInit) : undefined,
    redirect: request.followRedirect === false ? 'manual' : 'follow',
    signal: signals.length ? AbortSignal.any(signals) : undefined,
  });
}

function base(res: Response, request: HttpRequest<any>) {
  return {
    request,
    redirectUrls: res.redirected ? [new URL(res.url)] : [],
    url: res.url || String(request.url),
    statusCode: res.status,
    statusMessage: res.statusText,
    headers: responseHeaders(res),
    trailers: {},
    complete: true,
  };
}

export class FetchHttpClient implements BaseHttpClient {
  async sendRequest<T extends keyof ResponseTypes = 'text'>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const res = await send(request);
    const buffer = Buffer.from(await res.arrayBuffer());
    const type = request.responseType ?? 'text';
    const body = type === 'buffer' ? buffer : type === 'json' ? JSON.parse(buffer.toString('utf8')) : buffer.toString(request.encoding ?? 'utf8');
    return { ...base(res, request), body } as HttpResponse<T>;
  }

  async stream(request: HttpRequest<any>, _onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
    const res = await send(request);
    const stream = res.body ? Readable.fromWeb(res.body as import('node:stream/web').ReadableStream) : Readable.from([]);
    let transferred = 0;
    stream.on('data', (chunk: Buffer) => (transferred += chunk.length));
    const total = Number(res.headers.get('content-length')) || undefined;
    return {
      ...base(res, request),
      stream,
      get downloadProgress() {
        return { percent: total ? transferred / total : 0, transferred, total };
      },
      get uploadProgress() {
        return { percent: 1, transferred: 0 };
      },
    };
  }
}
