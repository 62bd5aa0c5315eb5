import type { BlockedSignal, PageExtraction, PageInput, SourceAdapter } from '../types';
import { detectBlockedPage, emptyShellSignal } from '../blocked';

/**
 * One fetched page → extraction, with block detection around the adapter:
 * the generic detector first (captcha, consent, login walls look alike
 * everywhere), then the adapter's own verdict, then "an app shell where the
 * reviews should be". A blocked page is never read as "no reviews".
 */
export interface ReadResult {
  extraction: PageExtraction | null;
  blocked: BlockedSignal | null;
}

export function readPage(adapter: SourceAdapter, page: PageInput, crawledAt: Date, statusBlock: BlockedSignal | null = null): ReadResult {
  const detected = detectBlockedPage(page) ?? statusBlock;
  if (detected) return { extraction: null, blocked: detected };
  const extraction = adapter.extract(page, { crawledAt });
  if (extraction.blocked) return { extraction, blocked: extraction.blocked };
  return { extraction, blocked: emptyShellSignal(page, extraction) };
}
