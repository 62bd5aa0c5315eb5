import { sql } from 'kysely';
import type { AppContext } from '../../core/context';
import type { Alert } from '../../db/types';
import { postWebhook, redactUrl, slackEscape, type PostOptions, type WebhookMessage } from './webhook';

/**
 * Sends alerts not yet delivered to every configured webhook. Held back:
 * acknowledged alerts, muted ones, and new alerts of a rule and entity that
 * has a muted alert (muting "rating drop at Riverside" also mutes next week's
 * one until the mute ends). An alert is delivered when every webhook took it;
 * otherwise its attempts and last error are recorded and the next alert
 * cycle tries again, until maxAttempts. Old undelivered alerts (say, from
 * before a webhook was configured) are not sent at all.
 */
export interface DeliverOptions extends Omit<PostOptions, 'now'> {
  now?: Date;
  /** Webhook requests per alert over all cycles before it is given up (default 30). */
  maxAttempts?: number;
  /** Alerts older than this are not sent (default 72 h). */
  freshnessHours?: number;
  /** Alerts per cycle (default 200). */
  limit?: number;
}

export interface DeliverResult {
  delivered: number;
  failed: number;
}

const icon: Record<string, string> = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' };

export function alertMessage(a: Pick<Alert, 'id' | 'rule' | 'severity' | 'title' | 'detail' | 'entity_kind' | 'entity_id' | 'created_at'>): WebhookMessage {
  const detail = a.detail ?? {};
  const excerpt = typeof detail.excerpt === 'string' ? detail.excerpt : null;
  const url = typeof detail.url === 'string' ? detail.url : null;
  const text = `[${a.severity}] ${a.title}`;
  const lines = [`${icon[a.severity] ?? ''} *${slackEscape(a.title)}*`];
  if (excerpt) lines.push(`> ${slackEscape(excerpt).replace(/\n+/g, ' ')}`);
  const context = [`rule \`${a.rule}\``, `severity ${a.severity}`, `alert #${a.id}`];
  if (url) context.push(`<${url}|open the review>`);
  return {
    kind: 'alert',
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
    ],
    json: {
      alert: {
        id: a.id,
        rule: a.rule,
        severity: a.severity,
        title: a.title,
        about: { kind: a.entity_kind, id: a.entity_id },
        detail,
        created_at: new Date(a.created_at).toISOString(),
      },
    },
  };
}

export async function deliverPendingAlerts(ctx: Pick<AppContext, 'db' | 'settings' | 'logger'>, opts: DeliverOptions = {}): Promise<DeliverResult> {
  const webhooks = ctx.settings.alerts.webhooks;
  const result: DeliverResult = { delivered: 0, failed: 0 };
  if (!webhooks.length) return result;
  const now = opts.now ?? new Date();
  const fresh = new Date(now.getTime() - (opts.freshnessHours ?? 72) * 3_600_000);
  const pending = await ctx.db
    .selectFrom('alerts as a')
    .selectAll('a')
    .where('a.delivered_at', 'is', null)
    .where('a.acknowledged_at', 'is', null)
    .where((eb) => eb.or([eb('a.muted_until', 'is', null), eb('a.muted_until', '<=', now)]))
    .where('a.delivery_attempts', '<', opts.maxAttempts ?? 30)
    .where('a.created_at', '>=', fresh)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('alerts as m')
            .select(sql`1`.as('one'))
            .whereRef('m.rule', '=', 'a.rule')
            .whereRef('m.entity_kind', '=', 'a.entity_kind')
            .whereRef('m.entity_id', '=', 'a.entity_id')
            .where('m.muted_until', '>', now),
        ),
      ),
    )
    .orderBy('a.id')
    .limit(opts.limit ?? 200)
    .execute();

  for (const alert of pending) {
    if (opts.signal?.aborted) break;
    const message = alertMessage(alert);
    let attempts = 0;
    const errors: string[] = [];
    for (const hook of webhooks) {
      const r = await postWebhook(hook, message, { timeoutMs: opts.timeoutMs, attempts: opts.attempts, backoffMs: opts.backoffMs, signal: opts.signal });
      attempts += r.attempts;
      if (!r.ok) errors.push(`${redactUrl(hook.url)}: ${r.error ?? 'failed'}`);
    }
    const ok = errors.length === 0;
    await ctx.db
      .updateTable('alerts')
      .set({
        delivery_attempts: sql`delivery_attempts + ${attempts}`,
        last_delivery_error: ok ? null : errors.join('; ').slice(0, 2000),
        ...(ok ? { delivered_at: new Date() } : {}),
      })
      .where('id', '=', alert.id)
      .execute();
    if (ok) result.delivered++;
    else {
      result.failed++;
      ctx.logger.warn({ alert: alert.id, attempts, err: errors.join('; ') }, 'alert delivery failed');
    }
  }
  if (pending.length) ctx.logger.info({ ...result }, 'alerts delivered');
  return result;
}
