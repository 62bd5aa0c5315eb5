import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { alertsSent } from '../metrics';

/**
 * Webhook delivery. Two body formats: Slack-compatible (`{ text, blocks }`,
 * what Slack, Mattermost and Rocket.Chat incoming webhooks accept) and plain
 * JSON for anything else. With a secret the body is signed:
 *   X-Repwatch-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>
 *   X-Repwatch-Timestamp: <unix seconds>
 * The JSON format also carries `sent_at` inside the signed body, so a
 * receiver can refuse replays; Slack's format has no room for it.
 *
 * A delivery is retried with exponential backoff on network errors, 5xx and
 * 429 (honouring a short Retry-After); other 4xx answers are final, since
 * sending the same request again cannot fix them.
 */
export interface WebhookTarget {
  url: string;
  secret?: string;
  format: 'slack' | 'json';
}

export type SlackBlock = Record<string, unknown>;

export interface WebhookMessage {
  kind: 'alert' | 'digest';
  /** Plain-text fallback (Slack notifications, the JSON format's `text`). */
  text: string;
  blocks: SlackBlock[];
  /** The JSON format's body (without sent_at). */
  json: Record<string, unknown>;
}

export interface PostOptions {
  timeoutMs?: number;
  /** Attempts in all, first included (default 3). */
  attempts?: number;
  /** First backoff; doubles each retry (default 1 s). */
  backoffMs?: number;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface PostResult {
  ok: boolean;
  attempts: number;
  status: number | null;
  error: string | null;
}

export function renderBody(target: WebhookTarget, message: WebhookMessage, sentAt: Date): string {
  if (target.format === 'slack') return JSON.stringify({ text: message.text, blocks: message.blocks });
  return JSON.stringify({ ...message.json, type: message.kind, text: message.text, sent_at: sentAt.toISOString() });
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifySignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(signBody(body, secret));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function postWebhook(target: WebhookTarget, message: WebhookMessage, opts: PostOptions = {}): Promise<PostResult> {
  const attempts = Math.max(1, opts.attempts ?? 3);
  const backoff = opts.backoffMs ?? 1000;
  const delivery = randomUUID();
  let last: PostResult = { ok: false, attempts: 0, status: null, error: null };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (opts.signal?.aborted) break;
    // Signed afresh each attempt: the timestamp is when this request left.
    const sentAt = opts.now?.() ?? new Date();
    const body = renderBody(target, message, sentAt);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'repwatch-webhook/1',
      'x-repwatch-event': message.kind,
      'x-repwatch-delivery': delivery,
      'x-repwatch-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    };
    if (target.secret) headers['x-repwatch-signature'] = signBody(body, target.secret);
    let retryAfterMs: number | null = null;
    try {
      const signals = [AbortSignal.timeout(opts.timeoutMs ?? 10_000), ...(opts.signal ? [opts.signal] : [])];
      const res = await fetch(target.url, { method: 'POST', headers, body, signal: AbortSignal.any(signals), redirect: 'error' });
      // Drain the body so the connection is reused; its content does not matter.
      await res.arrayBuffer().catch(() => {});
      last = { ok: res.ok, attempts: attempt, status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
      if (res.ok) break;
      if (res.status < 500 && res.status !== 429) break;
      const ra = Number(res.headers.get('retry-after'));
      if (Number.isFinite(ra) && ra > 0) retryAfterMs = Math.min(ra * 1000, 60_000);
    } catch (error) {
      last = { ok: false, attempts: attempt, status: null, error: (error as Error).message || String(error) };
    }
    if (attempt < attempts) await sleep(retryAfterMs ?? backoff * 2 ** (attempt - 1), opts.signal);
  }
  alertsSent.inc({ kind: message.kind, outcome: last.ok ? 'ok' : 'failed' });
  return last;
}

/** Text for Slack's mrkdwn: &, < and > are its control characters. */
export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Webhooks in a host's log lines: the path of a Slack URL is its secret. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return 'webhook';
  }
}
