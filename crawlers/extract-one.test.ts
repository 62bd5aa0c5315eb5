import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOne } from './extract-one';

const ld = {
  '@context': 'https://schema.org',
  '@type': 'LocalBusiness',
  name: 'Café Zoë',
  aggregateRating: { '@type': 'AggregateRating', ratingValue: 4.5, reviewCount: 2 },
  review: [
    { '@type': 'Review', author: { '@type': 'Person', name: 'José' }, datePublished: '2026-01-02', reviewBody: 'Très bon', reviewRating: { '@type': 'Rating', ratingValue: 5 } },
    { '@type': 'Review', author: { '@type': 'Person', name: 'Ann' }, datePublished: '2026-01-01', reviewBody: 'Fine', reviewRating: { '@type': 'Rating', ratingValue: 4 } },
  ],
};
const html = `<html><head><meta charset="iso-8859-1"><title>Café</title><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><h1>Café Zoë</h1></body></html>`;
const dir = mkdtempSync(path.join(tmpdir(), 'repwatch-extract-'));
const file = path.join(dir, 'page.html');
writeFileSync(file, Buffer.from(html, 'latin1'));

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/captcha') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>Are you a robot?</title></head><body><h1>Please verify you are a human</h1></body></html>');
    res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' }).end(Buffer.from(html, 'latin1'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('extractOne', () => {
  it('reads a saved ISO-8859-1 file with the schema-org adapter by default', async () => {
    const out = await extractOne({ file, originalUrl: 'https://cafe.example/reviews' });
    expect(out).toMatchObject({ source: 'schema-org', url: 'https://cafe.example/reviews', blocked: null });
    expect(out.business?.name).toBe('Café Zoë');
    expect(out.reviews.map((r) => r.authorName)).toEqual(['José', 'Ann']);
  });

  it('fetches a live URL', async () => {
    const out = await extractOne({ url: `${base}/reviews`, source: 'schema-org' });
    expect(out.reviews[0]!.text).toBe('Très bon');
  });

  it('reports a block page as blocked, not as zero reviews', async () => {
    const out = await extractOne({ url: `${base}/captcha`, source: 'schema-org' });
    expect(out.blocked?.reason).toBe('captcha');
  });

  it('says clearly what is wrong with the input', async () => {
    await expect(extractOne({ file, source: 'myspace' })).rejects.toThrow(/Unknown source "myspace"/);
    await expect(extractOne({ file: path.join(dir, 'missing.html') })).rejects.toThrow(/Cannot read .*missing\.html: no such file/);
    await expect(extractOne({ file: dir })).rejects.toThrow(/it is a folder/);
    await expect(extractOne({})).rejects.toThrow(/exactly one of a file or a URL/);
  });
});
