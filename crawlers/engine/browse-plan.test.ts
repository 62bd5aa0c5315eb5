import { describe, expect, it } from 'vitest';
import { googleMapsBrowse } from '../adapters/google-maps';
import type { BrowseSteps } from '../types';
import { emptyExtraction, emptyReview } from '../types';
import { DEFAULT_MAX_SCROLLS, resolveBrowse, unfinishedScrollMessage, type BrowseReport, type ScrollStop } from './browse-plan';
import { TargetCrawl } from './target-state';

const adapter: BrowseSteps = { click: ['#tab', '#sort'], clickWaitMs: 2000, scroll: { selector: '.list', maxScrolls: 50, settleMs: 900 } };

describe('resolveBrowse', () => {
  it("uses the adapter's steps when the target has no override, and none when neither has any", () => {
    expect(resolveBrowse(adapter, undefined)).toEqual(adapter);
    expect(resolveBrowse(adapter, null)).toEqual(adapter);
    expect(resolveBrowse(undefined, undefined)).toBeNull();
    expect(resolveBrowse({ click: [] }, undefined)).toBeNull();
  });

  it('replaces the click list and merges scroll field by field', () => {
    expect(resolveBrowse(adapter, { click: ['button.reviews'], scroll: { maxScrolls: 5 } })).toEqual({
      click: ['button.reviews'],
      clickWaitMs: 2000,
      scroll: { selector: '.list', maxScrolls: 5, settleMs: 900 },
    });
    expect(resolveBrowse(adapter, { scroll: { selector: '#pane' } })).toMatchObject({ click: ['#tab', '#sort'], scroll: { selector: '#pane', maxScrolls: 50 } });
  });

  it('turns interaction, or only scrolling, off', () => {
    expect(resolveBrowse(adapter, false)).toBeNull();
    expect(resolveBrowse(adapter, { scroll: false })).toEqual({ click: ['#tab', '#sort'], clickWaitMs: 2000 });
    expect(resolveBrowse(adapter, { click: [], scroll: false })).toBeNull();
  });

  it('lets a target add steps to an adapter that has none, with a default scroll limit', () => {
    expect(resolveBrowse(undefined, { scroll: { selector: '.feed' } })).toEqual({ scroll: { selector: '.feed', maxScrolls: DEFAULT_MAX_SCROLLS } });
    expect(() => resolveBrowse(undefined, { scroll: { maxScrolls: 3 } })).toThrow(/^options\.browse\.scroll\.selector: required/);
  });

  it('names the field of a malformed override', () => {
    expect(() => resolveBrowse(adapter, { click: 'button' })).toThrow(/^options\.browse\.click: /);
    expect(() => resolveBrowse(adapter, { click: ['  '] })).toThrow(/^options\.browse\.click\.0: /);
    expect(() => resolveBrowse(adapter, { scroll: { maxScrolls: -1 } })).toThrow(/^options\.browse\.scroll\.maxScrolls: /);
    expect(() => resolveBrowse(adapter, { scrol: {} })).toThrow(/^options\.browse: /);
    expect(() => resolveBrowse(adapter, true)).toThrow(/^options\.browse: /);
  });

  it('accepts the Google Maps steps as they are', () => {
    expect(resolveBrowse(googleMapsBrowse, undefined)).toEqual(googleMapsBrowse);
  });
});

describe('unfinishedScrollMessage', () => {
  const report = (stop: ScrollStop | null, scrolls = 4): BrowseReport => ({ clicked: [], missing: [], scrolls, stop });

  it('is null when the list was read as far as the crawl needs, or not scrolled by design', () => {
    expect(unfinishedScrollMessage(report('exhausted'), 'http://x/')).toBeNull();
    expect(unfinishedScrollMessage(report('caught-up'), 'http://x/')).toBeNull();
    expect(unfinishedScrollMessage(report(null), 'http://x/')).toBeNull();
    expect(unfinishedScrollMessage(undefined, 'http://x/')).toBeNull();
  });

  it('explains a list cut short', () => {
    expect(unfinishedScrollMessage(report('max-scrolls'), 'http://x/')).toBe(
      'Stopped scrolling http://x/ after 4 scrolls (the scroll limit or page budget); older reviews were not read.',
    );
    expect(unfinishedScrollMessage(report('deadline'), 'http://x/')).toMatch(/time budget ran out/);
    expect(unfinishedScrollMessage(report('stalled'), 'http://x/')).toMatch(/did not finish within the request timeout/);
    expect(unfinishedScrollMessage(report('no-container', 0), 'http://x/')).toMatch(/scrollable review list was not found on http:\/\/x\/ .*options\.browse/);
  });
});

describe('TargetCrawl.afterPage with a browser page cut short', () => {
  const page = () => ({ ...emptyExtraction('custom:x', 'http://x/'), reviews: [{ ...emptyReview(), externalId: 'a' }] });
  const target = (mode: 'full' | 'incremental') => new TargetCrawl({ id: 1, key: 't', adapter: {} as never, startUrl: 'http://x/', mode, browser: true, maxPages: 10 });

  it('caps the run instead of ending it on its last page', () => {
    expect(target('full').afterPage(page(), false, 'cut short')).toEqual({ stop: 'page-cap', message: 'cut short' });
    expect(target('full').afterPage(page(), false, null)).toEqual({ stop: 'last-page', message: null });
  });

  it('still ends an incremental crawl that caught up', () => {
    expect(target('incremental').afterPage(page(), true, 'cut short')).toEqual({ stop: 'caught-up', message: null });
  });
});
