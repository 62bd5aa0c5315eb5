import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../core/errors';
import { decodeBody } from './engine/decode';
import { readPage } from './engine/read-page';
import type { PageExtraction, PageInput, SourceAdapter } from './types';

/**
 * One page → its PageExtraction, from a saved file or a live URL, without a
 * database: what `repwatch extract` prints. The adapter is `source` when
 * given, else the one matching the URL (`originalUrl` for files), else
 * schema-org. Block pages come back with `blocked` set, as the engine sees them.
 */
export interface ExtractOneOptions {
  file?: string;
  url?: string;
  source?: string;
  /** For files: the URL the page was saved from (for matching and relative links). */
  originalUrl?: string;
  sites?: readonly Record<string, unknown>[];
  userAgent?: string;
  timeoutMs?: number;
  /** The crawl time adapters resolve relative dates against; now by default. */
  crawledAt?: Date;
}

const DEFAULT_UA = 'repwatch/0.1 (+https://github.com/repwatch/repwatch; reputation monitor)';

export async function extractOne(options: ExtractOneOptions): Promise<PageExtraction> {
  if (!options.file === !options.url) throw new AppError('BAD_REQUEST', 'Give exactly one of a file or a URL to extract from.');
  const registry = await import('./adapters/index');
  const page = options.file ? await pageFromFile(options.file, options.originalUrl) : await pageFromUrl(options.url!, options);
  const adapter = chooseAdapter(registry, page.url, options);
  const { extraction, blocked } = readPage(adapter, page, options.crawledAt ?? new Date());
  if (extraction) return blocked ? { ...extraction, blocked } : extraction;
  return { source: adapter.name, url: page.url, business: null, reviews: [], profiles: [], nextPageUrl: null, blocked, warnings: [] };
}

function chooseAdapter(registry: typeof import('./adapters/index'), url: string, options: ExtractOneOptions): SourceAdapter {
  if (options.source) return registry.getAdapter(options.source, options.sites ?? []);
  return registry.adapterForUrl(url, options.sites ?? []) ?? registry.getAdapter('schema-org');
}

async function pageFromFile(file: string, originalUrl?: string): Promise<PageInput> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new AppError('BAD_REQUEST', `Cannot read ${file}: ${why}.`, { param: 'file' });
  }
  const isJson = /\.json$/i.test(file);
  const contentType = isJson ? 'application/json' : 'text/html';
  return { url: originalUrl ?? pathToFileURL(path.resolve(file)).toString(), body: decodeBody(bytes, contentType).text, status: 200, contentType };
}

async function pageFromUrl(url: string, options: ExtractOneOptions): Promise<PageInput> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { 'user-agent': options.userAgent ?? DEFAULT_UA, accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      redirect: 'follow',
    });
  } catch (error) {
    throw new AppError('CRAWL_FAILED', `Could not fetch ${url}: ${(error as Error).cause ? String(((error as Error).cause as Error).message) : (error as Error).message}.`, { param: 'url' });
  }
  const contentType = res.headers.get('content-type');
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { url: res.url || url, body: decodeBody(bytes, contentType).text, status: res.status, contentType };
}
