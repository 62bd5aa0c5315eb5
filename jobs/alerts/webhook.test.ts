import { afterEach, describe, expect, it } from 'vitest';
import { alertMessage } from './deliver';
import { buildDigest } from './digest';
import { startReceiver, type Receiver } from './testing/receiver';
import { postWebhook, signBody, verifySignature, type WebhookMessage } from './webhook';

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

const alert = alertMessage({
  id: 42,
  rule: 'low-star',
  severity: 'critical',
  title: 'New 1★ review of Riverside <Motors> & Co (location) on dealerrater',
  detail: { excerpt: 'Never again.', url: 'https://example.test/r/1' },
  entity_kind: 'location',
  entity_id: 7,
  created_at: new Date('2026-11-18T10:00:00Z'),
});
const fast = { backoffMs: 20, timeoutMs: 2000 };

describe('webhook delivery', () => {
  it('retries after a failure and signs every attempt: sha256 HMAC of the raw body, with a timestamp', async () => {
    receiver = await startReceiver([500, 503]);
    const secret = 'correct horse battery staple';
    const r = await postWebhook({ url: receiver.url, secret, format: 'json' }, alert, fast);
    expect(r).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(receiver.requests.map((q) => q.status)).toEqual([500, 503, 200]);
    for (const q of receiver.requests) {
      expect(verifySignature(q.body, secret, q.headers['x-repwatch-signature'] as string)).toBe(true);
      expect(q.headers['x-repwatch-signature']).toBe(signBody(q.body, secret));
      expect(Number(q.headers['x-repwatch-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(q.headers['x-repwatch-event']).toBe('alert');
    }
    // One delivery id over its retries, so a receiver can drop a duplicate.
    expect(new Set(receiver.requests.map((q) => q.headers['x-repwatch-delivery'])).size).toBe(1);
    const body = JSON.parse(receiver.requests[2]!.body);
    expect(body).toMatchObject({ type: 'alert', alert: { id: 42, rule: 'low-star', about: { kind: 'location', id: 7 } } });
    expect(typeof body.sent_at).toBe('string');
    expect(verifySignature(receiver.requests[2]!.body, 'wrong secret', receiver.requests[2]!.headers['x-repwatch-signature'] as string)).toBe(false);
  });

  it('sends Slack-compatible { text, blocks } with mrkdwn escaped', async () => {
    receiver = await startReceiver();
    await postWebhook({ url: receiver.url, format: 'slack' }, alert, fast);
    const body = JSON.parse(receiver.requests[0]!.body);
    expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
    expect(body.text).toContain('[critical]');
    expect(body.blocks[0].text.text).toContain('Riverside &lt;Motors&gt; &amp; Co');
    expect(receiver.requests[0]!.headers['x-repwatch-signature']).toBeUndefined();
  });

  it('gives up on a 4xx at once and after the last attempt otherwise', async () => {
    receiver = await startReceiver([404]);
    expect(await postWebhook({ url: receiver.url, format: 'json' }, alert, fast)).toMatchObject({ ok: false, attempts: 1, status: 404, error: 'HTTP 404' });
    receiver.script = [500, 500, 500];
    expect(await postWebhook({ url: receiver.url, format: 'json' }, alert, { ...fast, attempts: 3 })).toMatchObject({ ok: false, attempts: 3, status: 500 });
    const closed = await postWebhook({ url: 'http://127.0.0.1:9/nothing', format: 'json' }, alert, { ...fast, attempts: 2 });
    expect(closed).toMatchObject({ ok: false, attempts: 2, status: null });
    expect(closed.error).toBeTruthy();
  });
});

describe('digest', () => {
  it('summarises alerts and rating changes', () => {
    const m: WebhookMessage = buildDigest({
      from: new Date('2026-11-09T00:00:00Z'),
      to: new Date('2026-11-16T00:00:00Z'),
      alerts: [
        { rule: 'low-star', severity: 'warning', title: 'New 2★ review' },
        { rule: 'rating-drop', severity: 'critical', title: 'Rating of Riverside fell' },
      ],
      openAlerts: 5,
      entities: [
        { kind: 'company', name: 'Acme', reviews: 40, rating: 4.4, previousReviews: 35, previousRating: 4.5 },
        { kind: 'location', name: 'Riverside', reviews: 12, rating: 3.1, previousReviews: 10, previousRating: 4.2 },
      ],
      unhealthyTargets: [{ key: 'hilltop:dealerrater', status: 'blocked' }],
    });
    expect(m.kind).toBe('digest');
    expect(m.text).toContain('2 new alerts (low-star 1, rating-drop 1); 5 open');
    const all = JSON.stringify(m.blocks);
    expect(all.indexOf('Rating of Riverside fell')).toBeLessThan(all.indexOf('New 2★ review'));
    expect(all).toContain('Riverside*: 12 reviews (10 before), 3.10★ (4.20★ before) ▼');
    expect(all).toContain('hilltop:dealerrater (blocked)');
    expect(m.json).toMatchObject({ digest: { alerts: { total: 2, open: 5 } } });
  });
});
