/**
 * Test helpers for adapter tests (not shipped code). Own fixtures live beside
 * this file; third-party pages are read from ../shared/fixtures at test time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ExtractionError, type PageExtraction, type PageInput, type SourceAdapter } from '../../types';

const here = path.dirname(fileURLToPath(import.meta.url));

/** One of our own (fictional) fixture pages. */
export function readOwnFixture(name: string): string {
  return readFileSync(path.join(here, name), 'utf8');
}

export function page(url: string, body: string): PageInput {
  return { url, body, status: 200, contentType: 'text/html; charset=utf-8' };
}

/**
 * Runs the adapter on the first half of a page. Acceptable outcomes: a partial
 * extraction or an ExtractionError. Anything else thrown fails the test.
 */
export function extractTruncated(adapter: SourceAdapter, url: string, body: string, crawledAt: Date): PageExtraction | ExtractionError {
  const half = body.slice(0, Math.floor(body.length / 2));
  try {
    const out = adapter.extract(page(url, half), { crawledAt });
    expect(out.source).toBe(adapter.name);
    expect(Array.isArray(out.reviews)).toBe(true);
    return out;
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractionError);
    return err as ExtractionError;
  }
}
