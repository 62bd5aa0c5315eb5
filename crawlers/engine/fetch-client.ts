import { NonRetryableError } from '@crawlee/core';

/**
 * One page over HTTP, on Node's own fetch (undici). crawlee's HttpCrawler
 * (got-scraping) builds browser-like header sets and TLS fingerprints per
 * request, which repwatch does not want (it announces itself with its own
 * User-Agent); even on fetch, its layers (cookie merging, content-type
 * checks through `ow`, web-to-Node stream conversion) cost a tenth of a
 * page's CPU (bench/crawl). The engine needs none of that: the raw bytes,
 * status, headers and final URL, within one time limit.
 */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface FetchedPage {
  /** After redirects. */
  url: string;
  status: number;
  headers: ResponseHeaders;
  contentType: string | null;
  bytes: Buffer;
}

/** What crawlee's HttpCrawler accepts (HTML and XML) plus the data types review pages come as. */
const SUPPORTED_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/xml', 'application/xml', 'application/json', 'text/plain', 'application/ld+json']);
/** Without a Content-Type, the URL's extension decides (as in HttpCrawler). */
const BY_EXTENSION: Record<string, string> = { html: 'text/html', htm: 'text/html', xhtml: 'application/xhtml+xml', xml: 'application/xml', json: 'application/json', txt: 'text/plain', jsonld: 'application/ld+json' };

function mediaType(contentType: string | null, url: string): string {
  const declared = contentType?.split(';')[0]!.trim().toLowerCase();
  if (declared) return declared;
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || 'application/octet-stream';
}

function responseHeaders(res: Response): ResponseHeaders {
  const out: ResponseHeaders = {};
  res.headers.forEach((value, key) => {
    out[key] = key === 'set-cookie' ? res.headers.getSetCookie() : value;
  });
  return out;
}

/** "fetch failed" alone says nothing: the cause (ECONNREFUSED, a TLS error) does. */
function describe(error: Error): Error {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error.message !== 'fetch failed' || !cause) return error;
  return new Error(`fetch failed: ${cause.code ?? cause.message ?? String(cause)}`, { cause });
}

/**
 * GETs `url`, following redirects. Error statuses come back like any other (the engine judges them);
 * a timeout covers the whole exchange, body included. A body that is not a page (an image, a PDF) is
 * not downloaded, and the request is not retried.
 */
export async function fetchPage(url: string, headers: Record<string, string>, timeoutMs: number): Promise<FetchedPage> {
  // Not AbortSignal.timeout(): its timer keeps the signal, and through fetch's listener the whole response,
  // alive until it fires (30 s by default), which took the 10,000-page bench to 1.4 GB of RSS.
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { headers, redirect: 'follow', signal });
    const contentType = res.headers.get('content-type');
    const type = mediaType(contentType, res.url || url);
    // An error status is judged by its status, whatever its type (HttpCrawler made exceptions for 5xx only,
    // so a bare 404 read as "wrong Content-Type" instead of "page does not exist").
    if (!SUPPORTED_TYPES.has(type) && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      throw new NonRetryableError(`${url} is not a page to read (Content-Type ${type}; expected one of ${[...SUPPORTED_TYPES].join(', ')}).`);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    return { url: res.url || url, status: res.status, headers: responseHeaders(res), contentType, bytes };
  } catch (error) {
    if (signal.aborted) throw new Error(`request timed out after ${timeoutMs / 1000} seconds.`);
    throw describe(error as Error);
  } finally {
    clearTimeout(timer);
  }
}
