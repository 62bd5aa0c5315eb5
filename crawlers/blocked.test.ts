import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture, sharedFixturePath } from '../test/support/fixtures';
import { detectBlockedPage, emptyShellSignal, looksLikeEmptyShell } from './blocked';
import { emptyExtraction, type PageExtraction, type PageInput } from './types';

// Every page below is a small fictional imitation written for these tests.
const html = (body: string, status = 200, url = 'https://reviews.example.com/biz/acme'): PageInput => ({ url, body, status, contentType: 'text/html; charset=utf-8' });
const reason = (page: PageInput) => detectBlockedPage(page)?.reason ?? null;

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => `<div class="review"><p>Review ${i}: The team at Acme Plumbing fixed our boiler quickly and explained the invoice line by line. Would use them again for the next winter service.</p></div>`).join('\n');

const pages = {
  cloudflare: `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript>
    <div id="challenge-running">Checking your browser</div><script>window._cf_chl_opt={cvId:'3',cZone:'reviews.example.com'};</script></body></html>`,
  recaptcha: `<html><head><title>Security check</title><script src="https://www.google.com/recaptcha/api.js"></script></head>
    <body><h2>Please verify you are a human</h2><form><div class="g-recaptcha" data-sitekey="fake"></div><button>Continue</button></form></body></html>`,
  hcaptcha: `<html><head><title>reviews.example.com</title></head><body><script src="https://hcaptcha.com/1/api.js" async></script>
    <div class="h-captcha" data-sitekey="fake"></div></body></html>`,
  datadome: `<html><head><title>reviews.example.com</title></head><body><p>Please enable JS and disable any ad blocker</p>
    <script>var dd={'rt':'c','cid':'fake','hsh':'fake','t':'fe','host':'geo.captcha-delivery.com'}</script>
    <script src="https://ct.captcha-delivery.com/c.js"></script></body></html>`,
  perimeterx: `<html><head><title>Access to this page has been denied</title></head><body>
    <h1>Press &amp; Hold to confirm you are a human (and not a bot).</h1><div id="px-captcha"></div><p>Reference ID 0000-fake</p></body></html>`,
  googleConsent: `<html><head><title>Before you continue to Google</title></head><body><h1>Before you continue to Google</h1>
    <p>We use cookies and data to deliver and maintain Google services.</p>
    <form action="https://consent.google.com/save" method="POST"><button>Reject all</button><button>Accept all</button></form></body></html>`,
  cookieWall: `<html><head><title>Acme Reviews</title></head><body><div id="cookie-consent-wall" class="overlay">
    <h2>We value your privacy</h2><p>We and our partners use cookies to store and access information on your device.</p>
    <button>Accept all</button><button>Manage options</button></div><div id="app"></div></body></html>`,
  login: `<html><head><title>Log in | Acme Reviews</title></head><body><h1>Log in to continue</h1>
    <form action="/session"><input name="email" type="email"><input name="password" type="password"><button>Log in</button></form></body></html>`,
  googleSorry: `<html><head><title>https://www.google.com/maps/place/x</title></head><body><div>
    Our systems have detected unusual traffic from your computer network. This page checks to see if it's really you sending the requests, and not a robot.
    </div><div class="g-recaptcha" data-sitekey="fake"></div></body></html>`,
  tooMany: `<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1><p>Please try again later.</p></body></html>`,
  akamai: `<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>
    You don't have permission to access "http://reviews.example.com/biz/acme" on this server.<P>Reference #18.fake.0000</BODY></HTML>`,
  cloudflareBlocked: `<html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1>
    <h2>You are unable to access example.com</h2><p>Cloudflare Ray ID: fake</p></body></html>`,
  nginx403: `<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>`,
};

describe('detectBlockedPage recognises block pages', () => {
  it.each([
    ['Cloudflare challenge (served as 403)', pages.cloudflare, 403, 'captcha'],
    ['reCAPTCHA interstitial', pages.recaptcha, 200, 'captcha'],
    ['hCaptcha widget page', pages.hcaptcha, 200, 'captcha'],
    ['DataDome', pages.datadome, 403, 'captcha'],
    ['PerimeterX press & hold', pages.perimeterx, 403, 'captcha'],
    ['"Before you continue to Google"', pages.googleConsent, 200, 'consent-wall'],
    ['cookie-consent interstitial replacing the content', pages.cookieWall, 200, 'consent-wall'],
    ['login wall', pages.login, 200, 'login-wall'],
    ['Google "unusual traffic"', pages.googleSorry, 200, 'rate-limited'],
    ['HTTP 429 body', pages.tooMany, 429, 'rate-limited'],
    ['Akamai access denied', pages.akamai, 403, 'access-denied'],
    ['Cloudflare "you have been blocked"', pages.cloudflareBlocked, 403, 'access-denied'],
    ['nginx 403', pages.nginx403, 403, 'access-denied'],
  ] as const)('%s', (_name, body, status, expected) => {
    const signal = detectBlockedPage(html(body, status));
    expect(signal?.reason).toBe(expected);
    expect(signal?.detail.length).toBeGreaterThan(10);
  });

  it('uses the final URL: consent.google.com, /sorry/, login redirects', () => {
    expect(reason(html('<html><body>…</body></html>', 200, 'https://consent.google.com/ml?continue=https://www.google.com/maps'))).toBe('consent-wall');
    expect(reason(html('<html><body>…</body></html>', 200, 'https://www.google.com/sorry/index?continue=x'))).toBe('rate-limited');
    expect(reason(html('<html><body>…</body></html>', 200, 'https://reviews.example.com/login?next=/biz/acme'))).toBe('login-wall');
    expect(reason(html('<html><body>…</body></html>', 200, 'https://accounts.google.com/ServiceLogin?continue=x'))).toBe('login-wall');
  });

  it('falls back to the status code for empty and JSON bodies', () => {
    expect(reason(html('', 429))).toBe('rate-limited');
    expect(reason({ url: 'https://api.example.com/r', body: '{"error":"forbidden"}', status: 403, contentType: 'application/json' })).toBe('access-denied');
    expect(reason({ url: 'https://api.example.com/r', body: '{"error":"unauthorized"}', status: 401, contentType: 'application/json' })).toBe('login-wall');
  });
});

describe('detectBlockedPage does not flag real content', () => {
  it('a review page with a reCAPTCHA-protected review form and "captcha" in scripts', () => {
    const body = `<html><head><title>Acme Plumbing Reviews</title><script src="https://www.google.com/recaptcha/api.js"></script>
      <script>var cfg = { captcha: true, message: "Please verify you are a human" };</script></head>
      <body><h1>Acme Plumbing</h1>${filler(8)}<form><div class="g-recaptcha" data-sitekey="fake"></div></form></body></html>`;
    expect(detectBlockedPage(html(body))).toBeNull();
  });

  it('review texts that talk about being blocked, denied or asked to prove they are human', () => {
    const body = `<html><head><title>Acme Bank Reviews</title></head><body><h1>Acme Bank</h1>
      <div class="review"><p>I felt blocked at every step and access denied to my own account for a week.</p></div>
      <div class="review"><p>The app kept asking me to verify you are human, too many requests it said. Fixed now.</p></div>
      ${filler(6)}</body></html>`;
    expect(detectBlockedPage(html(body))).toBeNull();
    const short = `<html><head><title>Acme Bank Reviews</title></head><body><h1>Acme Bank</h1>
      <div class="review"><p>I felt blocked by the staff, nobody listened.</p></div></body></html>`;
    expect(detectBlockedPage(html(short))).toBeNull();
  });

  it('a message catalog with bot-challenge strings inside a JSON script (as Yelp ships)', () => {
    const catalog = JSON.stringify({ 'Are you a human? Please complete the bot challenge below.': 'x', 'Log in to your account': 'y' });
    const body = `<html><head><title>Acme Diner - Springfield</title></head><body><script type="application/json"><!--${catalog}--></script>${filler(3)}</body></html>`;
    expect(detectBlockedPage(html(body))).toBeNull();
  });

  it('a real page under a consent overlay, and a page with a bot-protection sensor script', () => {
    const overlay = `<html><head><title>Acme Reviews</title></head><body><div id="onetrust-consent-sdk"><p>We use cookies. Accept all?</p><button>Accept</button></div>
      <main><h1>Acme</h1>${filler(2)}</main></body></html>`;
    expect(detectBlockedPage(html(overlay))).toBeNull();
    const sensor = `<html><head><title>Acme Realty Agents</title><script>window._pxAppId='PXfake';var s='px-captcha';</script></head><body>${filler(2)}</body></html>`;
    expect(detectBlockedPage(html(sensor))).toBeNull();
  });

  it('businesses whose names sound like block pages', () => {
    expect(detectBlockedPage(html(`<html><head><title>Bot Challenge Arena - Reviews</title></head><body><h1>Bot Challenge Arena</h1>${filler(1)}</body></html>`))).toBeNull();
    expect(detectBlockedPage(html(`<html><head><title>Forbidden Planet Comics - Reviews</title></head><body>${filler(1)}</body></html>`))).toBeNull();
    expect(detectBlockedPage(html(`<html><head><title>Slow Down Cafe Reviews</title></head><body>${filler(1)}</body></html>`))).toBeNull();
  });

  it('a JSON API page and a plain 503 (a server error the engine retries, not a block)', () => {
    expect(detectBlockedPage({ url: 'https://api.example.com/r', body: '{"reviews":[]}', status: 200, contentType: 'application/json' })).toBeNull();
    expect(detectBlockedPage(html('<html><head><title>Service Unavailable</title></head><body>Back soon.</body></html>', 503))).toBeNull();
  });
});

describeWithSharedFixtures('detectBlockedPage on every real saved page', () => {
  const root = sharedFixturePath('real-pages');
  const files = readdirSync(root).flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => `${dir}/${f}`));

  it('found the saved pages', () => expect(files.length).toBeGreaterThanOrEqual(14));

  it.each(files)('%s is not flagged', (file) => {
    const json = file.endsWith('.json');
    const page: PageInput = {
      url: `https://www.example.com/${file}`,
      body: readSharedFixture(`real-pages/${file}`),
      status: 200,
      contentType: json ? 'application/json' : 'text/html',
    };
    expect(detectBlockedPage(page)).toBeNull();
  });
});

describe('looksLikeEmptyShell / emptyShellSignal', () => {
  const shell = html('<html><head><title>Acme</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>');
  const withCount = (count: number | null, extra: Partial<PageExtraction> = {}): PageExtraction => ({
    ...emptyExtraction('schema-org', shell.url),
    business: { name: 'Acme', aggregateRating: 4.5, ratingScale: 5, reviewCount: count, starDistribution: null, address: null, categories: [], externalId: null },
    ...extra,
  });

  it('is true for a JS app shell whose business claims reviews', () => {
    expect(looksLikeEmptyShell(shell, withCount(120))).toBe(true);
    expect(emptyShellSignal(shell, withCount(120))).toEqual({ reason: 'empty-shell', detail: expect.stringContaining('120') });
  });

  it('is false when the page has review markup, no count, reviews, profiles, or is already blocked', () => {
    const marked = html('<html><body><div itemprop="review"></div></body></html>');
    expect(looksLikeEmptyShell(marked, withCount(120))).toBe(false);
    expect(looksLikeEmptyShell(shell, withCount(0))).toBe(false);
    expect(looksLikeEmptyShell(shell, withCount(null))).toBe(false);
    expect(looksLikeEmptyShell(shell, { ...emptyExtraction('schema-org', shell.url) })).toBe(false);
    const profile = { name: 'A', aggregateRating: 5, ratingScale: 5, reviewCount: 3, profileUrl: null, externalId: null };
    expect(looksLikeEmptyShell(shell, withCount(120, { profiles: [profile] }))).toBe(false);
    expect(looksLikeEmptyShell(shell, withCount(120, { blocked: { reason: 'captcha', detail: 'x' } }))).toBe(false);
    expect(emptyShellSignal(marked, withCount(120))).toBeNull();
  });
});
