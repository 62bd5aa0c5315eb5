import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { renderBenchPage } from './pages';

/**
 * The benchmark's page server. Runs in a worker thread so serving does not
 * compete with the crawler for the main event loop. Pages are rendered once
 * and kept: /t/<target>?page=<n>.
 */
const { pagesPerTarget } = workerData as { pagesPerTarget: number };
const cache = new Map<string, Buffer>();
let requests = 0;

const server = http.createServer((req, res) => {
  requests++;
  const u = new URL(req.url ?? '/', 'http://x');
  const m = u.pathname.match(/^\/t\/(\d+)$/);
  if (!m) return void res.writeHead(404).end();
  const key = `${m[1]}:${u.searchParams.get('page') ?? '1'}`;
  let body = cache.get(key);
  if (!body) {
    const page = Number(u.searchParams.get('page') ?? '1');
    body = Buffer.from(renderBenchPage({ target: Number(m[1]), page, pages: pagesPerTarget, basePath: u.pathname }), 'utf8');
    cache.set(key, body);
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) }).end(body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as AddressInfo).port }));
parentPort!.on('message', (msg: string) => {
  if (msg === 'count') parentPort!.postMessage({ requests });
  if (msg === 'reset') requests = 0;
  if (msg === 'close') server.close(() => process.exit(0));
});
