import { describe, expect, it } from 'vitest';
import { cleanReviewText, truncateForScoring } from './clean';
import { repairMojibake } from './mojibake';

describe('cleanReviewText', () => {
  it('returns null for null, undefined and text that is empty once cleaned', () => {
    expect(cleanReviewText(null)).toBeNull();
    expect(cleanReviewText(undefined)).toBeNull();
    expect(cleanReviewText('   \n\t ')).toBeNull();
    expect(cleanReviewText('<p> </p><br/>')).toBeNull();
  });

  it('decodes entities, including double-encoded ones', () => {
    expect(cleanReviewText('Fish &amp; chips, &quot;great&quot; &#39;n&#x27; cheap')).toBe(`Fish & chips, "great" 'n' cheap`);
    expect(cleanReviewText('It&amp;#39;s fine')).toBe("It's fine");
  });

  it('strips tags, turning block tags into line breaks and dropping script/style bodies', () => {
    const html = '<div><p>Great <b>service</b>!</p><script>var x = 1;</script><style>p{}</style><p>Will <a href="#">return</a>.</p></div>';
    // Two paragraphs stay two paragraphs (one blank line between them).
    expect(cleanReviewText(html)).toBe('Great service!\n\nWill return.');
    expect(cleanReviewText('Line one<br>Line two<br/>Line three')).toBe('Line one\nLine two\nLine three');
    expect(cleanReviewText('a <!-- hidden --> b')).toBe('a b');
  });

  it('strips markup that only appears after entity decoding', () => {
    expect(cleanReviewText('Nice staff&lt;br&gt;Quick service')).toBe('Nice staff\nQuick service');
  });

  it('keeps angle brackets that are not HTML', () => {
    expect(cleanReviewText('I <3 this place')).toBe('I <3 this place');
    expect(cleanReviewText('price < $20 > expected')).toBe('price < $20 > expected');
  });

  it('removes BB-code and trailing "Read more" links', () => {
    expect(cleanReviewText('[b]Great[/b] [i]car[/i]')).toBe('Great car');
    expect(cleanReviewText('They were great... Read more')).toBe('They were great');
    expect(cleanReviewText('I want more')).toBe('I want more');
  });

  it('repairs UTF-8 read as Windows-1252', () => {
    expect(cleanReviewText('CafÃ© was great, didnâ€™t wait')).toBe('Café was great, didn’t wait');
    expect(cleanReviewText('â€œBestâ€\u009d service â€” really')).toBe('“Best” service — really');
    expect(cleanReviewText('JalapeÃ±o crÃ¨me brÃ»lÃ©e')).toBe('Jalapeño crème brûlée');
  });

  it('keeps emoji and non-Latin text intact', () => {
    expect(cleanReviewText('Great 👍🏽 food ❤️ 😍')).toBe('Great 👍🏽 food ❤️ 😍');
    expect(cleanReviewText('服务很好 😊')).toBe('服务很好 😊');
    expect(cleanReviewText('Ünterwegs in Köln, très bien')).toBe('Ünterwegs in Köln, très bien');
  });

  it('normalises Unicode to NFC and removes invisible characters', () => {
    const decomposed = 'Cafe\u0301';
    expect(cleanReviewText(decomposed)).toBe('Café');
    expect(cleanReviewText('zero\u200Bwidth\uFEFF and soft\u00ADhyphen')).toBe('zerowidth and softhyphen');
    expect(cleanReviewText('bell\u0007 char')).toBe('bell char');
  });

  it('tidies whitespace but keeps paragraphs', () => {
    expect(cleanReviewText('  Great\u00A0\u00A0place \r\n\r\n\r\n\r\nWould   return  ')).toBe('Great place\n\nWould return');
    expect(cleanReviewText('a\u2028b')).toBe('a\nb');
  });

  it('keeps long text whole', () => {
    const long = 'Great service. '.repeat(2000);
    expect(cleanReviewText(long)!.length).toBe(long.trim().length);
  });
});

describe('repairMojibake', () => {
  it('leaves clean text, including legitimate accents next to punctuation, alone', () => {
    for (const t of ['café…’', 'L’ÉTÉ’S', 'Plain ASCII text', 'naïve résumé']) expect(repairMojibake(t)).toBe(t);
  });

  it('repairs text damaged twice', () => {
    expect(repairMojibake('CafÃƒÂ©')).toBe('Café');
  });

  it('repairs emoji', () => {
    expect(repairMojibake('Great ðŸ‘\u008d')).toBe('Great 👍');
  });
});

describe('truncateForScoring', () => {
  it('passes short text through', () => {
    expect(truncateForScoring('Short.', 100)).toEqual({ text: 'Short.', truncated: false, originalLength: 6 });
  });

  it('cuts at the last sentence end before the limit and says so', () => {
    const text = 'First sentence here. Second sentence is here. Third one goes past the limit.';
    const r = truncateForScoring(text, 50);
    expect(r).toEqual({ text: 'First sentence here. Second sentence is here.', truncated: true, originalLength: text.length });
  });

  it('falls back to a word break, and never splits an emoji', () => {
    const words = truncateForScoring('word '.repeat(30), 42);
    expect(words.truncated).toBe(true);
    expect(words.text.endsWith('word')).toBe(true);
    const emoji = truncateForScoring('😀'.repeat(30), 21);
    expect(emoji.text).toBe('😀'.repeat(10));
  });
});
