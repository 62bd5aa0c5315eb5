import { sql } from 'kysely';
import type { AppContext } from '../../core/context';
import { postWebhook, redactUrl, slackEscape, type PostOptions, type WebhookMessage } from './webhook';

/**
 * The weekly digest: what was alerted and what changed over the last `days`
 * compared with the `days` before — reviews and average rating of the
 * company and of each location, and profiles whose last crawl did not
 * succeed. buildDigest is pure; sendDigest reads the numbers and posts the
 * message to every webhook the way alerts go.
 */
export interface DigestEntityLine {
  kind: 'company' | 'location';
  name: string;
  reviews: number;
  rating: number | null;
  previousReviews: number;
  previousRating: number | null;
}

export interface DigestInput {
  from: Date;
  to: Date;
  alerts: { rule: string; severity: string; title: string }[];
  openAlerts: number;
  entities: DigestEntityLine[];
  unhealthyTargets: { key: string; status: string }[];
}

const fmt = (v: number | null) => (v === null ? '–' : (Math.round(v * 100) / 100).toFixed(2));
const day = (d: Date) => d.toISOString().slice(0, 10);

function change(e: DigestEntityLine): string {
  const delta = e.rating !== null && e.previousRating !== null ? e.rating - e.previousRating : null;
  const arrow = delta === null ? '' : delta > 0.05 ? ' ▲' : delta < -0.05 ? ' ▼' : '';
  return `${e.reviews} reviews (${e.previousReviews} before), ${fmt(e.rating)}★ (${fmt(e.previousRating)}★ before)${arrow}`;
}

export function buildDigest(input: DigestInput): WebhookMessage {
  const period = `${day(input.from)} – ${day(input.to)}`;
  const byRule = new Map<string, number>();
  for (const a of input.alerts) byRule.set(a.rule, (byRule.get(a.rule) ?? 0) + 1);
  const company = input.entities.find((e) => e.kind === 'company');
  const locations = input.entities.filter((e) => e.kind === 'location').sort((a, b) => (a.rating ?? 9) - (b.rating ?? 9));
  // Critical first, then the newest; ten are enough for a summary.
  const order: Record<string, number> = { critical: 0, warning: 1, info: 2 };
  const top = [...input.alerts].sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3)).slice(0, 10);

  const alertsLine = input.alerts.length
    ? `${input.alerts.length} new alerts (${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ')}); ${input.openAlerts} open`
    : `No new alerts; ${input.openAlerts} open`;
  const text = `repwatch weekly digest ${period}: ${alertsLine}.${company ? ` Company: ${change(company)}.` : ''}`;

  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: `repwatch digest · ${period}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Alerts:* ${slackEscape(alertsLine)}` } },
  ];
  if (top.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: top.map((a) => `• [${a.severity}] ${slackEscape(a.title)}`).join('\n') } });
  const lines = [...(company ? [company] : []), ...locations].map((e) => `• *${slackEscape(e.name)}*: ${change(e)}`);
  if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Reviews and ratings*\n${lines.join('\n')}` } });
  if (input.unhealthyTargets.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Profiles not crawled successfully: ${input.unhealthyTargets.map((t) => `${slackEscape(t.key)} (${t.status})`).join(', ')}` }],
    });
  return {
    kind: 'digest',
    text,
    blocks,
    json: {
      digest: {
        from: input.from.toISOString(),
        to: input.to.toISOString(),
        alerts: { total: input.alerts.length, open: input.openAlerts, byRule: Object.fromEntries(byRule), top },
        entities: input.entities,
        unhealthyTargets: input.unhealthyTargets,
      },
    },
  };
}

export async function loadDigestInput(db: AppContext['db'], o: { days: number; now?: Date }): Promise<DigestInput> {
  const to = o.now ?? new Date();
  const from = new Date(to.getTime() - o.days * 86_400_000);
  const before = new Date(from.getTime() - o.days * 86_400_000);
  const alerts = await db.selectFrom('alerts').select(['rule', 'severity', 'title']).where('created_at', '>=', from).orderBy('id', 'desc').execute();
  const open = await db
    .selectFrom('alerts')
    .select(sql<number>`count(*)`.as('n'))
    .where('acknowledged_at', 'is', null)
    .where((eb) => eb.or([eb('muted_until', 'is', null), eb('muted_until', '<=', to)]))
    .executeTakeFirstOrThrow();
  const rows = await sql<{ kind: 'company' | 'location'; name: string; rn: number; rsum: number | null; rrated: number; pn: number; psum: number | null; prated: number }>`
    with r as (
      select organization_id, location_id, rating, coalesce(published_at, first_seen_at) as at
      from reviews where removed_at is null and coalesce(published_at, first_seen_at) >= ${before} and coalesce(published_at, first_seen_at) < ${to}
    ), e as (
      select 'company' as kind, o.name, r.* from r join organizations o on o.id = r.organization_id
      union all select 'location', l.name, r.* from r join locations l on l.id = r.location_id
    )
    select kind, name,
      count(*) filter (where at >= ${from}) as rn, sum(rating) filter (where at >= ${from}) as rsum, count(rating) filter (where at >= ${from}) as rrated,
      count(*) filter (where at < ${from}) as pn, sum(rating) filter (where at < ${from}) as psum, count(rating) filter (where at < ${from}) as prated
    from e group by kind, name order by kind, name`.execute(db);
  const unhealthy = await sql<{ key: string; status: string }>`
    select t.key, r.status from targets t
    join lateral (select status from crawl_runs where target_id = t.id and status <> 'running' order by started_at desc, id desc limit 1) r on true
    where t.enabled and r.status in ('blocked', 'failed') order by t.key`.execute(db);
  return {
    from,
    to,
    alerts,
    openAlerts: Number(open.n),
    entities: rows.rows.map((r) => ({
      kind: r.kind,
      name: r.name,
      reviews: Number(r.rn),
      rating: Number(r.rrated) ? Number(r.rsum) / Number(r.rrated) : null,
      previousReviews: Number(r.pn),
      previousRating: Number(r.prated) ? Number(r.psum) / Number(r.prated) : null,
    })),
    unhealthyTargets: unhealthy.rows,
  };
}

export interface DigestResult {
  sent: number;
  failed: number;
  errors: string[];
}

export async function sendDigest(ctx: Pick<AppContext, 'db' | 'settings' | 'logger'>, opts: Omit<PostOptions, 'now'> & { days?: number; now?: Date } = {}): Promise<DigestResult> {
  const webhooks = ctx.settings.alerts.webhooks;
  const result: DigestResult = { sent: 0, failed: 0, errors: [] };
  if (!webhooks.length) return result;
  const message = buildDigest(await loadDigestInput(ctx.db, { days: opts.days ?? 7, now: opts.now }));
  for (const hook of webhooks) {
    const r = await postWebhook(hook, message, { timeoutMs: opts.timeoutMs, attempts: opts.attempts, backoffMs: opts.backoffMs, signal: opts.signal });
    if (r.ok) result.sent++;
    else {
      result.failed++;
      result.errors.push(`${redactUrl(hook.url)}: ${r.error ?? 'failed'}`);
    }
  }
  ctx.logger.info({ ...result }, 'digest sent');
  return result;
}
