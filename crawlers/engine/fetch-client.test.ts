import { NonRetryableError } from '@crawlee/core';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage } from './fetch-client';

let server: http.Server;
let base = '';
let pdfBytesSent = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/moved') return void res.writeHead(301, { location: '/page' }).end();
    if (req.url === '/page') return void res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': ['a=1', 'b=2'] }).end('<html>ok</html>');
    if (req.url === '/gone') return void res.writeHead(410, { 'content-type': 'application/pdf' }).end('x');
    if (req.url === '/down') return void res.writeHead(503, { 'content-type': 'image/png', 'retry-after': '5' }).end('x');
    if (req.url === '/file.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      // A big body the client should not read: it stops after the headers.
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (pdfBytesSent < 16 * 1024 * 1024 && res.write(chunk)) pdfBytesSent += chunk.length;
        if (pdfBytesSent >= 16 * 1024 * 1024) res.end();
        else res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      return void pump();
    }
    if (req.url === '/notype.json') return void res.end('{"a":1}');
    if (req.url === '/hang') return;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

describe('fetchPage', () => {
  it('follows redirects and returns the bytes, status, headers and final URL', async () => {
    const page = await fetchPage(`${base}/moved`, { 'user-agent': 'test' }, 5000);
    expect(page).toMatchObject({ url: `${base}/page`, status: 200, contentType: 'text/html' });
    expect(page.bytes.toString()).toBe('<html>ok</html>');
    expect(page.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('passes error statuses through whatever their type, for the engine to judge', async () => {
    expect((await fetchPage(`${base}/down`, {}, 5000)).status).toBe(503);
    expect((await fetchPage(`${base}/nope`, {}, 5000)).status).toBe(404);
    expect((await fetchPage(`${base}/gone`, {}, 5000)).status).toBe(410);
  });

  it('does not download a body that is not a page, and says not to retry', async () => {
    const error = await fetchPage(`${base}/file.pdf`, {}, 5000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toMatch(/Content-Type application\/pdf/);
    expect(pdfBytesSent).toBeLessThan(16 * 1024 * 1024);
  });

  it('goes by the extension when there is no Content-Type', async () => {
    expect((await fetchPage(`${base}/notype.json`, {}, 5000)).bytes.toString()).toBe('{"a":1}');
  });

  it('names timeouts and connection failures', async () => {
    await expect(fetchPage(`${base}/hang`, {}, 300)).rejects.toThrow('request timed out after 0.3 seconds.');
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(fetchPage(`http://127.0.0.1:${port}/`, {}, 5000)).rejects.toThrow(/fetch failed: ECONNREFUSED/);
  });
});
