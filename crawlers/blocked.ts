/**
 * Recognises pages that are not the page we asked for: captchas, consent and
 * login walls, rate limits and access-denied pages. The engine must never read
 * those as "this business has zero reviews".
 *
 * False positives are worse than misses here (a flagged page is thrown away and
 * the target is marked blocked), so phrases are only trusted where a block page
 * puts them: in the title or a main heading, or in a page whose visible text is
 * short and carries no review markup. Scripts, JSON blobs and comments are
 * stripped first: real review pages carry captcha widgets for their own forms,
 * and Yelp ships the string "Are you a human? Please complete the bot
 * challenge" in every page's message catalog.
 */
import * as cheerio from 'cheerio';
import { decodeHTML } from 'entities';
import type { BlockedSignal, PageExtraction, PageInput } from './types';

/** Block pages are small; a page with more visible text than this is real content. */
const SHORT_TEXT = 3000;
/** After removing a consent overlay, a page with less text than this had nothing else to show. */
const NEARLY_EMPTY = 300;

/** Markup that only real review content carries; block pages never do. */
const REVIEW_MARKUP = [
  /itemprop=["']?(review|reviewBody)\b/i,
  /"@type"\s*:\s*"Review"/,
  /data-review-?id/i,
  /class=["'][^"']*\breviews?\b/i,
  /"reviews"\s*:\s*\[\s*\{/,
  /\bdata-testid=["'][^"']*review/i,
];

function hasReviewMarkup(body: string): boolean {
  return REVIEW_MARKUP.some((re) => re.test(body));
}

interface PageText {
  title: string;
  headings: string;
  readonly visible: string;
  /** The page carries review markup or review JSON: a wall would have replaced it. */
  reviewMarkup: boolean;
  /**
   * Whether phrases in the body text may be trusted: only on short pages without
   * review markup, so a review saying "access denied" is never read as a block.
   */
  readonly bodySpeaks: boolean;
}

function clean(fragment: string): string {
  return decodeHTML(fragment.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function pageText(html: string): PageText {
  const title = clean(/<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1] ?? '');
  const stripped = html
    .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  const headings = [...stripped.matchAll(/<h[12]\b[^>]*>([\s\S]*?)<\/h[12]\s*>/gi)].map((m) => clean(m[1] ?? '')).join(' | ');
  const reviewMarkup = hasReviewMarkup(html);
  // The whole page's text is the costliest part, and a page with review markup (every real page) almost never
  // needs it: it is worked out on first use only.
  let visible: string | null = null;
  return {
    title,
    headings,
    reviewMarkup,
    get visible() {
      return (visible ??= clean(stripped));
    },
    get bodySpeaks() {
      return !reviewMarkup && this.visible.length < SHORT_TEXT;
    },
  };
}

/** Where a block page states its message: headings and the start of the text, not deep in a review. */
function lead(text: PageText): string {
  return `${text.title} | ${text.headings} | ${text.visible.slice(0, 1000)}`;
}

const signal = (reason: BlockedSignal['reason'], detail: string): BlockedSignal => ({ reason, detail });

const CAPTCHA_PHRASES =
  /verify (that )?you('| a)re (a )?human|verify you are human|verifying you are human|are you a (robot|human)|i('| a)m not a robot|robot or human|complete the security check|press (&|and) hold|prove you('| a)re (a )?human|human verification|checking (if the site connection is secure|your browser)|bot challenge|security challenge/i;
const CONSENT_TITLES =
  /before you continue( to (google|youtube))?|bevor sie zu google weitergehen|avant d'accéder à google|antes de ir a google|prima di continuare su google|voordat je verdergaat naar google/i;
const LOGIN_PHRASES = /(log|sign) ?in to (continue|see|view|read)|you (must|need to) (be logged|log|sign) ?in|please (log|sign) ?in\b/i;
// Whole-title matches only: a business may well be called "Forbidden Planet".
const DENIED_TITLES =
  /^(access denied|403 forbidden|forbidden|403|request rejected|error 1020|access to this page has been denied|attention required! \| cloudflare|access denied \| .* cloudflare.*)[.!]?$/i;
const DENIED_PHRASES =
  /you don't have permission to access|you do not have permission to access|sorry, you have been blocked|the requested url was rejected|request unsuccessful\. incapsula incident|access denied/i;
const RATE_PHRASES = /too many requests|rate limit(ed| exceeded)|you have sent too many requests/i;
const UNUSUAL_TRAFFIC = /unusual traffic from your computer network|our systems have detected unusual traffic/i;

/** Overlays from the common consent managers, which sit on top of real pages too. */
const CONSENT_CONTAINERS = [
  '#onetrust-consent-sdk',
  '#onetrust-banner-sdk',
  '#CybotCookiebotDialog',
  '.qc-cmp2-container',
  '#didomi-host',
  '[id^="sp_message"]',
  '[id*="cookie" i]',
  '[class*="cookie" i]',
  '[id*="consent" i]',
  '[class*="consent" i]',
  '[id*="gdpr" i]',
];
const CONSENT_MARKERS = /onetrust|cookiebot|qc-cmp2|didomi|sp_message|cookie|consent|gdpr/i;

function isHtml(page: PageInput): boolean {
  if (page.contentType && /json/i.test(page.contentType)) return false;
  const start = page.body.trimStart();
  if (start.startsWith('{') || start.startsWith('[') || start.startsWith(")]}'")) return false;
  return true;
}

function fromUrl(raw: string): BlockedSignal | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (/^consent\.(google|youtube)\./.test(host)) return signal('consent-wall', `Redirected to Google's consent page (${host}).`);
  if (/(^|\.)google\.[a-z.]+$/.test(host) && url.pathname.startsWith('/sorry/'))
    return signal('rate-limited', 'Google answered with its "unusual traffic" captcha page (/sorry/).');
  if (host === 'accounts.google.com') return signal('login-wall', 'Redirected to the Google sign-in page.');
  if (/\/(login|log-in|signin|sign-in|sign_in|accounts\/login|auth\/login|user\/login)(\/|$|\.)/i.test(url.pathname))
    return signal('login-wall', `Redirected to a login page (${url.pathname}).`);
  return null;
}

function captcha(html: string, text: PageText): BlockedSignal | null {
  if (/^just a moment\.\.\.|^un instant\.\.\.|^einen moment/i.test(text.title) || /_cf_chl_opt|cf-chl-widget|cf_chl_prog/.test(html))
    return signal('captcha', 'Cloudflare challenge page ("Just a moment...").');
  if (text.bodySpeaks && /captcha-delivery\.com/i.test(html)) return signal('captcha', 'DataDome captcha page.');
  if (text.bodySpeaks && /id=["']px-captcha["']/i.test(html)) return signal('captcha', 'PerimeterX "Press & Hold" captcha page.');
  // Gated on review markup too: a business may be called "Bot Challenge Arena".
  if (!text.reviewMarkup && (CAPTCHA_PHRASES.test(text.title) || CAPTCHA_PHRASES.test(text.headings)))
    return signal('captcha', `The page asks to prove a human is browsing ("${(text.title || text.headings).slice(0, 80)}").`);
  if (text.bodySpeaks && CAPTCHA_PHRASES.test(lead(text))) return signal('captcha', 'The page asks to prove a human is browsing (captcha).');
  const widget = /class=["'][^"']*\b(g-recaptcha|h-captcha|cf-turnstile)\b|hcaptcha\.com\/1\/api\.js|challenges\.cloudflare\.com\/turnstile/i.test(html);
  if (widget && text.bodySpeaks && text.visible.length < 600) return signal('captcha', 'A page holding little more than a captcha widget.');
  return null;
}

function consentWall(html: string, text: PageText): BlockedSignal | null {
  if (CONSENT_TITLES.test(text.title) || CONSENT_TITLES.test(text.headings))
    return signal('consent-wall', `Cookie consent page ("${(text.title || text.headings).slice(0, 80)}") instead of the content.`);
  if (/action=["']https:\/\/consent\.(google|youtube)\./i.test(html) && text.visible.length < SHORT_TEXT)
    return signal('consent-wall', "Google's cookie consent form instead of the content.");
  if (text.reviewMarkup || text.visible.length >= SHORT_TEXT * 2 || !CONSENT_MARKERS.test(html)) return null;
  // A consent overlay on a real page is fine; it is a wall when nothing is left once the overlay is removed.
  const $ = cheerio.load(html);
  $('script, style, noscript, template, svg, head').remove();
  // Page-wide wrappers (<body class="cookie-ok">) must not count as the overlay.
  const overlays = $(CONSENT_CONTAINERS.join(', ')).filter((_, el) => {
    const tag = (el as { tagName?: string }).tagName?.toLowerCase();
    return tag !== 'html' && tag !== 'body' && tag !== 'main' && $(el).text().length < 6000;
  });
  if (overlays.length === 0) return null;
  const overlayText = overlays.text().replace(/\s+/g, ' ');
  if (!/cookie|consent|privacy|datenschutz|confidentialit/i.test(overlayText)) return null;
  overlays.remove();
  const rest = $('body').text().replace(/\s+/g, ' ').trim();
  return rest.length < NEARLY_EMPTY ? signal('consent-wall', 'A cookie-consent interstitial replaces the page content.') : null;
}

function loginWall(html: string, text: PageText): BlockedSignal | null {
  const password = /<input\b[^>]*type=["']?password/i.test(html);
  if (password && text.bodySpeaks && /\b(log ?in|sign ?in)\b/i.test(`${text.title} ${text.headings}`))
    return signal('login-wall', `A login form instead of the content ("${text.title.slice(0, 80)}").`);
  if (text.bodySpeaks && (LOGIN_PHRASES.test(text.headings) || LOGIN_PHRASES.test(text.title)))
    return signal('login-wall', 'The page requires logging in to see the content.');
  return null;
}

function accessDenied(text: PageText): BlockedSignal | null {
  if (DENIED_TITLES.test(text.title)) return signal('access-denied', `Access denied page ("${text.title.slice(0, 80)}").`);
  if (text.bodySpeaks && DENIED_PHRASES.test(lead(text)))
    return signal('access-denied', 'The site refused access (bot protection or IP block).');
  return null;
}

function rateLimited(text: PageText): BlockedSignal | null {
  if (UNUSUAL_TRAFFIC.test(`${text.title} ${text.headings}`) || (text.bodySpeaks && UNUSUAL_TRAFFIC.test(lead(text))))
    return signal('rate-limited', 'Google reports "unusual traffic from your computer network" (captcha until traffic slows).');
  if (RATE_PHRASES.test(text.title) || (text.bodySpeaks && text.visible.length < 600 && RATE_PHRASES.test(text.visible)))
    return signal('rate-limited', 'The site says too many requests were made.');
  return null;
}

function fromStatus(status: number): BlockedSignal | null {
  if (status === 429) return signal('rate-limited', 'HTTP 429 Too Many Requests.');
  if (status === 401) return signal('login-wall', 'HTTP 401: the site requires authentication.');
  if (status === 403 || status === 451) return signal('access-denied', `HTTP ${status}: the site refused access.`);
  return null;
}

/** Returns why `page` is a block page, or null when it looks like real content. */
export function detectBlockedPage(page: PageInput): BlockedSignal | null {
  const byUrl = fromUrl(page.url);
  if (byUrl) return byUrl;
  if (!isHtml(page) || page.body.trim() === '') return fromStatus(page.status);
  const text = pageText(page.body);
  return (
    rateLimited(text) ??
    captcha(page.body, text) ??
    consentWall(page.body, text) ??
    loginWall(page.body, text) ??
    accessDenied(text) ??
    fromStatus(page.status)
  );
}

/**
 * True when a page that should list reviews came back as an empty shell: no
 * reviews or profiles extracted, no review markup anywhere, yet the business
 * says it has reviews (e.g. a JS app shell whose content never rendered).
 */
export function looksLikeEmptyShell(page: PageInput, extraction: PageExtraction): boolean {
  if (extraction.blocked) return false;
  if (extraction.reviews.length > 0 || extraction.profiles.length > 0) return false;
  const count = extraction.business?.reviewCount ?? 0;
  if (!(count > 0)) return false;
  const capturedMarkup = (page.captured ?? []).some((c) => hasReviewMarkup(c.body));
  return !capturedMarkup && !hasReviewMarkup(page.body);
}

/** `looksLikeEmptyShell` as a signal the engine can store. */
export function emptyShellSignal(page: PageInput, extraction: PageExtraction): BlockedSignal | null {
  if (!looksLikeEmptyShell(page, extraction)) return null;
  const count = extraction.business?.reviewCount ?? 0;
  return signal('empty-shell', `The page shows no reviews and no review markup although the site reports ${count}.`);
}
