import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { settingsSchema, type Settings } from '../../core/config/schema';
import { silentLogger } from '../../core/logger';
import { seedTarget } from '../../crawlers/engine/testing/seed';
import { useTestDatabase } from '../../test/support/db';
import { deliverPendingAlerts } from './deliver';
import { sendDigest } from './digest';
import { evaluateAlerts } from './evaluate';
import { startReceiver, type Receiver } from './testing/receiver';
import { verifySignature } from './webhook';

/** The alert job against a real database: histories from rows, dedupe by key, delivery rules. */
vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });
const t = useTestDatabase(import.meta.url);
const now = new Date('2026-11-18T12:00:00Z');
const DAY = 86_400_000;
const secret = 'alerts-int-test-secret';
let receiver: Receiver;
let settings: Settings;

beforeAll(async () => {
  receiver = await startReceiver();
  settings = settingsSchema.parse({ alerts: { webhooks: [{ url: receiver.url, secret, format: 'json' }], blockedRuns: 3 } });
});
afterAll(async () => {
  await receiver.close();
});

let seq = 0;
async function addReview(targetId: number, rating: number, daysAgo: number, extra: { responded?: boolean } = {}) {
  const { db } = t();
  const target = await db.selectFrom('targets').selectAll().where('id', '=', targetId).executeTakeFirstOrThrow();
  const at = new Date(now.getTime() - daysAgo * DAY);
  const row = await db
    .insertInto('reviews')
    .values({
      source_id: target.source_id,
      target_id: target.id,
      external_id: `r${++seq}`,
      entity_kind: target.entity_kind,
      organization_id: target.organization_id,
      location_id: target.location_id,
      person_id: target.person_id,
      rating_raw: rating,
      rating,
      text: `review ${seq}`,
      published_at: at,
      first_seen_at: at,
      last_seen_at: at,
      content_hash: `h${seq}`,
      owner_response_text: extra.responded ? 'Thanks' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addRun(targetId: number, status: 'ok' | 'blocked' | 'failed', daysAgo: number, counts: { site?: number; stored?: number } = {}) {
  await t()
    .db.insertInto('crawl_runs')
    .values({
      target_id: targetId,
      mode: 'incremental',
      status,
      started_at: new Date(now.getTime() - daysAgo * DAY),
      finished_at: new Date(now.getTime() - daysAgo * DAY + 60_000),
      site_review_count: counts.site ?? null,
      stored_review_count: counts.stored ?? null,
      blocked_reason: status === 'blocked' ? 'captcha' : null,
    })
    .execute();
}

const ctx = () => ({ db: t().db, settings, logger: silentLogger });

describe('alert evaluation and delivery', () => {
  let busy = 0;
  let quiet = 0;
  let lowStar = 0;

  it('raises each event once: low stars, unanswered, a real drop, a blocked streak, low coverage; noise stays quiet', async () => {
    busy = await seedTarget(t().db, { url: 'https://example.test/busy', source: 'dealerrater' });
    quiet = await seedTarget(t().db, { url: 'https://example.test/quiet', source: 'dealerrater' });
    // Busy location: a year at ~4.5, then a month at ~2.6.
    for (let i = 0; i < 120; i++) await addReview(busy, [5, 5, 4, 5, 4][i % 5]!, 40 + i * 2.5, { responded: true });
    for (let i = 0; i < 20; i++) await addReview(busy, [3, 2, 4, 3, 1][i % 5]!, 8 + i, { responded: true });
    // Quiet location: a handful of good reviews and one recent 1★ (answered): only the low-star rule speaks.
    for (let i = 0; i < 6; i++) await addReview(quiet, 5, 60 + i * 30);
    lowStar = await addReview(quiet, 1, 1, { responded: true });
    // Unanswered for three days.
    const unanswered = await addReview(quiet, 2, 3);
    for (const d of [4, 3, 2, 1]) await addRun(quiet, d === 4 ? 'ok' : 'blocked', d);
    await addRun(busy, 'ok', 2, { site: 200, stored: 195 });
    await addRun(busy, 'ok', 1, { site: 200, stored: 140 });

    const first = await evaluateAlerts(ctx(), { now });
    expect(first.byRule).toEqual({ 'low-star': 2, 'unanswered-negative': 1, 'rating-drop': 2, 'target-failing': 1, 'coverage-drop': 1 });
    const rows = await t().db.selectFrom('alerts').selectAll().orderBy('id').execute();
    const keys = rows.map((r) => r.dedupe_key);
    const busyLocation = (await t().db.selectFrom('targets').select('location_id').where('id', '=', busy).executeTakeFirstOrThrow()).location_id;
    expect(keys).toHaveLength(7);
    expect(keys).toEqual(
      expect.arrayContaining([
        `low-star:review:${lowStar}`,
        `low-star:review:${unanswered}`,
        `unanswered-negative:review:${unanswered}`,
        // The busy location and the company above it; the quiet location is never tested.
        expect.stringMatching(/^rating-drop:company:\d+:2026-11-16$/),
        `rating-drop:location:${busyLocation}:2026-11-16`,
        expect.stringMatching(new RegExp(`^target-failing:${quiet}:\\d+$`)),
        expect.stringMatching(new RegExp(`^coverage-drop:${busy}:\\d+$`)),
      ]),
    );
    expect((await evaluateAlerts(ctx(), { now })).raised).toBe(0);
    expect((await evaluateAlerts(ctx(), { now: new Date(now.getTime() + 3_600_000) })).raised).toBe(0);
  });

  it('delivers signed, retries a failing webhook and records attempts; acknowledged and muted alerts stay put', async () => {
    const { db } = t();
    const ids = (await db.selectFrom('alerts').select('id').orderBy('id').execute()).map((r) => r.id);
    await db.updateTable('alerts').set({ acknowledged_at: now, acknowledged_by: 'test' }).where('id', '=', ids[0]!).execute();
    await db.updateTable('alerts').set({ muted_until: new Date(now.getTime() + DAY) }).where('id', '=', ids[1]!).execute();
    receiver.script = [500];
    const r = await deliverPendingAlerts(ctx(), { now, backoffMs: 10, attempts: 2 });
    expect(r).toEqual({ delivered: ids.length - 2, failed: 0 });
    const bodies = receiver.requests.filter((q) => q.status === 200).map((q) => JSON.parse(q.body));
    expect(bodies.map((b) => b.alert.id).sort()).toEqual(ids.slice(2).sort());
    for (const q of receiver.requests) expect(verifySignature(q.body, secret, q.headers['x-repwatch-signature'] as string)).toBe(true);
    const retried = await db.selectFrom('alerts').select(['delivery_attempts', 'delivered_at']).where('id', '=', ids[2]!).executeTakeFirstOrThrow();
    expect(retried.delivery_attempts).toBe(2);
    expect(retried.delivered_at).not.toBeNull();
    // Nothing is sent twice.
    const before = receiver.requests.length;
    expect(await deliverPendingAlerts(ctx(), { now, backoffMs: 10 })).toEqual({ delivered: 0, failed: 0 });
    expect(receiver.requests.length).toBe(before);
  });

  it('records the error when a webhook keeps failing, and a new alert under a mute is held back', async () => {
    const { db } = t();
    const muted = await db.selectFrom('alerts').selectAll().where('muted_until', 'is not', null).executeTakeFirstOrThrow();
    await db
      .insertInto('alerts')
      .values([
        { rule: muted.rule, entity_kind: muted.entity_kind, entity_id: muted.entity_id, severity: 'warning', title: 'same rule, same entity', dedupe_key: 'test:held', created_at: now },
        { rule: 'low-star', entity_kind: 'location', entity_id: 999, severity: 'warning', title: 'elsewhere', dedupe_key: 'test:failing', created_at: now },
      ])
      .execute();
    receiver.script = [503, 503];
    expect(await deliverPendingAlerts(ctx(), { now, backoffMs: 10, attempts: 2 })).toEqual({ delivered: 0, failed: 1 });
    const failing = await db.selectFrom('alerts').selectAll().where('dedupe_key', '=', 'test:failing').executeTakeFirstOrThrow();
    expect(failing).toMatchObject({ delivery_attempts: 2, delivered_at: null });
    expect(failing.last_delivery_error).toContain('HTTP 503');
    const held = await db.selectFrom('alerts').selectAll().where('dedupe_key', '=', 'test:held').executeTakeFirstOrThrow();
    expect(held.delivery_attempts).toBe(0);
  });

  it('sends the digest the same way', async () => {
    const before = receiver.requests.length;
    const r = await sendDigest(ctx(), { days: 7, now, backoffMs: 10 });
    expect(r).toEqual({ sent: 1, failed: 0, errors: [] });
    const q = receiver.requests[before]!;
    expect(q.headers['x-repwatch-event']).toBe('digest');
    expect(verifySignature(q.body, secret, q.headers['x-repwatch-signature'] as string)).toBe(true);
    const body = JSON.parse(q.body);
    expect(body.type).toBe('digest');
    expect(body.digest.alerts.total).toBeGreaterThanOrEqual(7);
    expect(body.digest.unhealthyTargets).toEqual([expect.objectContaining({ status: 'blocked' })]);
  });
});
