import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types';
import type { PageInput } from '../types';

/**
 * Every page the engine hands an adapter is kept, gzip-compressed, so a fixed
 * adapter can re-read it (`repwatch reparse`) and a block can be looked at.
 * The body is stored as the decoded text (UTF-8), not the original bytes: a
 * re-read never has to guess the charset again.
 */
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export interface SaveRawPageInput {
  runId: number;
  targetId: number;
  page: PageInput;
  fetchedAt: Date;
}

export async function saveRawPage(db: Kysely<Database>, input: SaveRawPageInput): Promise<number> {
  const body = Buffer.from(input.page.body, 'utf8');
  const [bodyGzip, capturedGzip] = await Promise.all([
    gzipAsync(body),
    input.page.captured?.length ? gzipAsync(Buffer.from(JSON.stringify(input.page.captured), 'utf8')) : Promise.resolve(null),
  ]);
  const row = await db
    .insertInto('raw_pages')
    .values({
      crawl_run_id: input.runId,
      target_id: input.targetId,
      url: input.page.url,
      status: input.page.status,
      content_type: input.page.contentType,
      fetched_at: input.fetchedAt,
      body_gzip: bodyGzip,
      captured_gzip: capturedGzip,
      sha256: createHash('sha256').update(body).digest('hex'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface StoredRawPage {
  id: number;
  runId: number;
  targetId: number;
  fetchedAt: Date;
  page: PageInput;
}

/** Raw pages of one crawl run, in the order they were fetched. */
export async function loadRawPages(db: Kysely<Database>, runId: number): Promise<StoredRawPage[]> {
  const rows = await db.selectFrom('raw_pages').selectAll().where('crawl_run_id', '=', runId).orderBy('id').execute();
  return Promise.all(
    rows.map(async (r) => {
      const body = (await gunzipAsync(Buffer.from(r.body_gzip))).toString('utf8');
      const captured = r.captured_gzip
        ? (JSON.parse((await gunzipAsync(Buffer.from(r.captured_gzip))).toString('utf8')) as { url: string; body: string }[])
        : undefined;
      return {
        id: Number(r.id),
        runId: r.crawl_run_id,
        targetId: r.target_id,
        fetchedAt: r.fetched_at,
        page: { url: r.url, body, status: r.status, contentType: r.content_type, ...(captured ? { captured } : {}) },
      };
    }),
  );
}

/** Deletes raw pages older than `retentionDays` (0 keeps nothing older than now). Returns how many went. */
export async function pruneRawPages(db: Kysely<Database>, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const res = await db.deleteFrom('raw_pages').where('fetched_at', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
}
