import { describe, expect, it } from 'vitest';
import { revokeApiKey, createApiKey } from '../domain/api-keys';
import { testDialect } from '../test/support/db';
import { SESSION_COOKIE } from './session';
import { login, page, useDashboardWorld } from './testing/world';

/**
 * Signing in with an API key: the cookie's flags, what it holds, and when it
 * stops working (sign-out, a revoked key, expiry, tampering). Keys are looked
 * up on every request here (no cache) so revocation shows at once.
 */
let clock = Date.parse('2026-11-02T09:00:00Z');
const w = useDashboardWorld(import.meta.url, { session: { keyCacheTtlMs: 0, ttlSeconds: 3600, now: () => clock } });

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', ...headers },
  body: new URLSearchParams(fields).toString(),
});

describe(`dashboard sign-in (${testDialect()})`, () => {
  it('sends a visitor without a session to the sign-in page, keeping where they were going', async () => {
    const r = await w().app.request('/overview?granularity=quarter');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/overview?granularity=quarter')}`);
    const signIn = await page(w().app, null, '/login?next=%2Foverview');
    expect(signIn.status).toBe(200);
    expect(signIn.text).toMatch(/<label for="key">API key<\/label>/);
    expect(signIn.text).toMatch(/<input id="key" name="key" type="password"/);
    expect(signIn.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('sets an HttpOnly, SameSite=Lax, signed cookie that does not contain the key', async () => {
    const key = w().seed.keys.marketing;
    const r = await w().app.request('/login', form({ key, next: '/overview?granularity=week' }));
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/overview?granularity=week');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=3600/);
    expect(cookie).not.toMatch(/; Secure/);
    expect(cookie).not.toContain(key);
    expect(cookie).not.toContain(key.slice(3, 20));
    const home = await page(w().app, cookie.split(';')[0]!, '/overview');
    expect(home.status).toBe(200);
    expect(home.text).toContain('marketing');
  });

  it('marks the cookie Secure behind https', async () => {
    const r = await w().app.request('/login', form({ key: w().seed.keys.admin, next: '/' }, { 'X-Forwarded-Proto': 'https' }));
    expect(r.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses an unknown key with 401 and no cookie', async () => {
    const r = await w().app.request('/login', form({ key: 'rw_not-a-real-key', next: '/' }));
    expect(r.status).toBe(401);
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(await r.text()).toContain('unknown or has been revoked');
  });

  it('refuses an oversized sign-in form without reading it', async () => {
    const r = await w().app.request('/login', form({ key: 'x'.repeat(20_000), next: '/' }));
    expect(r.status).toBe(413);
  });

  it('refuses a sign-in form posted from another site', async () => {
    const r = await w().app.request('/login', form({ key: w().seed.keys.admin, next: '/' }, { Origin: 'https://evil.example' }));
    expect(r.status).toBe(403);
    expect(r.headers.get('set-cookie')).toBeNull();
    const r2 = await w().app.request('/login', form({ key: w().seed.keys.admin, next: '/' }, { 'Sec-Fetch-Site': 'cross-site' }));
    expect(r2.status).toBe(403);
  });

  it('never follows a "next" that leaves the site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const r = await w().app.request('/login', form({ key: w().seed.keys.admin, next }));
      expect(r.headers.get('location')).toBe('/');
    }
  });

  it('ignores a tampered or forged cookie', async () => {
    const cookie = await login(w().app, w().seed.keys.admin);
    const [name, value] = cookie.split('=') as [string, string];
    const decoded = decodeURIComponent(value);
    const forged = `${name}=${encodeURIComponent(decoded.replace(/^\d+/, '999'))}`;
    expect((await w().app.request('/overview', { headers: { Cookie: forged } })).status).toBe(303);
    expect((await w().app.request('/overview', { headers: { Cookie: `${SESSION_COOKIE}=1.1.abc` } })).status).toBe(303);
  });

  it('signs out: the cookie is cleared and a saved copy no longer works', async () => {
    const cookie = await login(w().app, w().seed.keys.leadership);
    expect((await page(w().app, cookie, '/overview')).status).toBe(200);
    const other = await login(w().app, w().seed.keys.leadership);
    const out = await w().app.request('/logout', { method: 'POST', headers: { Cookie: cookie, Origin: 'http://localhost' } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login?bye=1');
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await w().app.request('/overview', { headers: { Cookie: cookie } })).status).toBe(303);
    // Another sign-in with the same key is a different session.
    expect((await page(w().app, other, '/overview')).status).toBe(200);
  });

  it('ends the sessions of a revoked key', async () => {
    const created = await createApiKey(w().db, { name: 'short-lived', role: 'leadership' });
    const cookie = await login(w().app, created.key);
    expect((await page(w().app, cookie, '/overview')).status).toBe(200);
    await revokeApiKey(w().db, created.id);
    expect((await w().app.request('/overview', { headers: { Cookie: cookie } })).status).toBe(303);
    const again = await w().app.request('/login', form({ key: created.key, next: '/' }));
    expect(again.status).toBe(401);
  });

  it('expires a session after its lifetime even if the browser keeps the cookie', async () => {
    const cookie = await login(w().app, w().seed.keys.admin);
    expect((await page(w().app, cookie, '/overview')).status).toBe(200);
    clock += 3601 * 1000;
    expect((await w().app.request('/overview', { headers: { Cookie: cookie } })).status).toBe(303);
  });

  it('starts a manager at their own location, a team lead at their first person, everyone else at the overview', async () => {
    const manager = await login(w().app, w().seed.keys.manager);
    const r = await w().app.request('/', { headers: { Cookie: manager } });
    expect(r.headers.get('location')).toBe(`/locations/${w().seed.locations.north}`);
    const team = await login(w().app, w().seed.keys.teamManager);
    expect((await w().app.request('/', { headers: { Cookie: team } })).headers.get('location')).toBe(`/people/${w().seed.people.dave}`);
    const admin = await login(w().app, w().seed.keys.admin);
    expect((await w().app.request('/', { headers: { Cookie: admin } })).headers.get('location')).toBe('/overview');
  });
});
