import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types';

/**
 * The processing baseline: the rows the pipeline wrote for reviews after
 * `afterId` (review_scores + review_themes), bulk inserted again into empty
 * copies of those tables, 1,000 reviews per transaction like the job. It is
 * the floor PostgreSQL sets for writing the output alone; the copies are
 * dropped afterwards.
 */
export async function bulkInsertBaseline(db: Kysely<Database>, afterId: number): Promise<{ scores: number; themes: number; ms: number }> {
  await sql`create table baseline_scores (like review_scores including all)`.execute(db);
  await sql`create table baseline_themes (like review_themes including all)`.execute(db);
  try {
    const scores = (await sql<Record<string, unknown>>`select review_id, sentiment, sentiment_label, combined, language, themes, scorer_version
      from review_scores where review_id > ${afterId} order by review_id`.execute(db)).rows;
    const themes = (await sql<Record<string, unknown>>`select review_id, theme, polarity, quote from review_themes where review_id > ${afterId} order by review_id`.execute(db)).rows;
    const t0 = performance.now();
    let t = 0;
    for (let i = 0; i < scores.length; i += 1000) {
      const chunk = scores.slice(i, i + 1000);
      const last = Number(chunk[chunk.length - 1]!.review_id);
      const tc: Record<string, unknown>[] = [];
      while (t < themes.length && Number(themes[t]!.review_id) <= last) tc.push(themes[t++]!);
      await db.transaction().execute(async (trx) => {
        await sql`insert into baseline_scores (review_id, sentiment, sentiment_label, combined, language, themes, scorer_version)
          select * from json_to_recordset(${JSON.stringify(chunk)}::json)
            as x(review_id bigint, sentiment float8, sentiment_label text, combined float8, language text, themes jsonb, scorer_version int)`.execute(trx);
        if (tc.length)
          await sql`insert into baseline_themes (review_id, theme, polarity, quote)
            select * from json_to_recordset(${JSON.stringify(tc)}::json) as x(review_id bigint, theme text, polarity float8, quote text)`.execute(trx);
      });
    }
    return { scores: scores.length, themes: themes.length, ms: performance.now() - t0 };
  } finally {
    await sql`drop table if exists baseline_scores, baseline_themes`.execute(db);
  }
}
