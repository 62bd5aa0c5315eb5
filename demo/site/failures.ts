/**
 * Failure injection for crawler tests. Each rule matches request paths and
 * turns the normal answer into one of the things real review sites do to
 * crawlers: rate limits, one-off server errors, hangs, captchas, cut-off or
 * broken HTML, legacy encodings and pagination that never ends.
 */

export type DemoFailureKind = '429' | '503-once' | 'timeout' | 'captcha' | 'truncated' | 'malformed' | 'latin1' | 'endless-next';

export interface DemoFailure {
  /** A RegExp tested against path+query, or a string the path+query must start with. */
  path: RegExp | string;
  kind: DemoFailureKind;
  /** Retry-After for '429' (default 1). */
  retryAfterSecs?: number;
  /** How long 'timeout' holds the request before dropping the connection (default 35 s, past a 30 s client timeout). */
  hangMs?: number;
  /** HTTP status of the 'captcha' page (default 200: the block is only visible in the content). */
  status?: number;
}

export function failureMatches(rule: DemoFailure, pathAndQuery: string): boolean {
  if (typeof rule.path === 'string') return pathAndQuery.startsWith(rule.path);
  rule.path.lastIndex = 0;
  return rule.path.test(pathAndQuery);
}

/** Failures that answer instead of the page; the others change the page's answer. */
export function answersInsteadOfPage(kind: DemoFailureKind): boolean {
  return kind === '429' || kind === '503-once' || kind === 'timeout' || kind === 'captcha';
}

/** Failures that happen once per URL and then let the request through. */
export function isOneShot(kind: DemoFailureKind): boolean {
  return kind === '429' || kind === '503-once';
}

export const CAPTCHA_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Just a moment...</title><meta name="robots" content="noindex"></head>
<body>
<div class="challenge-container">
<h1>Please verify you are a human</h1>
<p>We noticed unusual activity from your network. Complete the check below to continue to the reviews.</p>
<form id="challenge-form" action="/challenge/verify" method="post">
<div class="g-recaptcha" data-sitekey="demo-site-key-not-real" data-callback="onVerified"></div>
<button type="submit">Continue</button>
</form>
<p class="ray-id">Reference: demo-block-0001</p>
</div>
</body>
</html>
`;

/** Broken tag soup: unclosed and misnested tags, stray brackets, a half-written attribute. */
export const MALFORMED_PAGE = `<html><head><title>Reviews</title><body>
<div class="review-entry"<div class=review-date>March 3,, 20
<span class="review-title">Great <b>service<i></span></b> was</i>
<div class="rating-static rating-"><<div>> </p></td></tr>
<a href="/dealer/page2/ class="next">next</a
<div class="review-entry"><span class="review-whole">text without an end
<script>var x = "unterminated
</html><div>
`;

/** Cuts a page in half (at a character, never inside a UTF-8 sequence). */
export function truncateHalf(body: string): string {
  return body.slice(0, Math.floor(body.length / 2));
}

/**
 * Re-encodes a page as ISO-8859-1, as old CMSs serve it. Characters outside
 * Latin-1 (emoji, curly quotes) become numeric character references, which is
 * what such servers emit; accented names stay single Latin-1 bytes.
 */
export function toLatin1(html: string): Buffer {
  const declared = html.replace(/<meta charset="utf-8">/i, '<meta charset="iso-8859-1">');
  let out = '';
  for (const ch of declared) {
    const code = ch.codePointAt(0)!;
    out += code > 0xff ? `&#${code};` : ch;
  }
  return Buffer.from(out, 'latin1');
}

/** The next URL of an endless loop: the same page again with a fresh query parameter. */
export function endlessNext(absoluteUrl: string): string {
  const url = new URL(absoluteUrl);
  const loop = Number(url.searchParams.get('loop') ?? '0');
  url.searchParams.set('loop', String(loop + 1));
  return url.toString();
}
