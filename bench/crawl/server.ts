import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { BROWSER_PAGES_PER_TARGET, renderBenchPage } from './pages';

/**
 * The benchmark's page server. Runs in a worker thread so serving does not
 * compete with the crawler for the main event loop. Pages are rendered once
 * and kept (a 'prerender' message renders a range up front, so no crawler
 * pays the rendering of first visits):
 *  - /t/<target>?page=<n>: the review page as HTML;
 *  - /r/<target>?page=<n>: a shell that shows nothing until its script fetches
 *    /d/<target>?page=<n> and inserts it (JSON-LD, cards, rel=next link):
 *    only a browser sees the reviews.
 */
// latencyMs: each answer waits this long first, like a real site across a network (0: as fast as the loopback).
const { pagesPerTarget, latencyMs = 0 } = workerData as { pagesPerTarget: number; latencyMs?: number };

const cache = new Map<string, Buffer>();
let requests = 0;

function page(kind: 't' | 'r', target: number, n: number): Buffer {
  const key = `${kind}:${target}:${n}`;
  let body = cache.get(key);
  if (!body) {
    const pages = kind === 't' ? pagesPerTarget : BROWSER_PAGES_PER_TARGET;
    body = Buffer.from(renderBenchPage({ target, page: n, pages, basePath: `/${kind}/${target}` }), 'utf8');
    cache.set(key, body);
  }
  return body;
}

const shell = (target: number, n: number) =>
  Buffer.from(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Loading reviews…</title></head>
<body><div id="app">Loading…</div><script>
fetch('/d/${target}?page=${n}').then((r) => r.text()).then((html) => { document.getElementById('app').innerHTML = html; });
</script></body></html>`);

const server = http.createServer((req, res) => {
  requests++;
  const u = new URL(req.url ?? '/', 'http://x');
  const m = u.pathname.match(/^\/([trd])\/(\d+)$/);
  if (!m) return void res.writeHead(404).end();
  const target = Number(m[2]);
  const n = Number(u.searchParams.get('page') ?? '1');
  const body = m[1] === 't' ? page('t', target, n) : m[1] === 'r' ? shell(target, n) : page('r', target, n);
  const send = () => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) }).end(body);
  if (latencyMs > 0) setTimeout(send, latencyMs);
  else send();
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as AddressInfo).port }));
parentPort!.on('message', (msg: string | { prerender: number }) => {
  if (typeof msg === 'object') {
    for (let t = 1; t <= msg.prerender; t++) for (let n = 1; n <= pagesPerTarget; n++) page('t', t, n);
    parentPort!.postMessage({ prerendered: msg.prerender });
  }
  if (msg === 'count') parentPort!.postMessage({ requests });
  if (msg === 'reset') requests = 0;
  if (msg === 'close') server.close(() => process.exit(0));
});
