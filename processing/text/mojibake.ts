/**
 * Repair of the most common mojibake in crawled reviews: UTF-8 bytes that were
 * decoded as Windows-1252 (or Latin-1) somewhere upstream, so "é" arrives as
 * "Ã©" and "’" as "â€™". Only well-formed UTF-8 sequences are touched, one at a
 * time, so legitimate accented text around them is never re-decoded.
 */

/** Windows-1252 characters in 0x80–0x9F that differ from Latin-1, mapped back to their byte. */
const CP1252_BYTE = new Map<string, number>([
  ['€', 0x80], ['‚', 0x82], ['ƒ', 0x83], ['„', 0x84], ['…', 0x85], ['†', 0x86], ['‡', 0x87],
  ['ˆ', 0x88], ['‰', 0x89], ['Š', 0x8a], ['‹', 0x8b], ['Œ', 0x8c], ['Ž', 0x8e], ['‘', 0x91],
  ['’', 0x92], ['“', 0x93], ['”', 0x94], ['•', 0x95], ['–', 0x96], ['—', 0x97], ['˜', 0x98],
  ['™', 0x99], ['š', 0x9a], ['›', 0x9b], ['œ', 0x9c], ['ž', 0x9e], ['Ÿ', 0x9f],
]);

// A continuation byte (0x80–0xBF) as it looks after a Windows-1252/Latin-1 decode.
const CONT = '[\\u0080-\\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]';
/** Lead byte + the right number of continuation bytes: a 2-, 3- or 4-byte UTF-8 sequence. */
const SEQUENCE_RE = new RegExp(`[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`, 'g');
/**
 * Repair only runs when the text carries an unmistakable signature ("Ã"/"Â"
 * before a continuation character, "â€", or "ðŸ"), which almost every damaged
 * text has (é, è, à, ’, “, no-break space and most emoji all produce one). Without this gate a
 * legitimate "É’" or "é…’" could be mistaken for a sequence and re-decoded.
 */
const SIGNATURE_RE = /[ÃÂ][\u0080-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€|ðŸ/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function toByte(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? code : (CP1252_BYTE.get(ch) ?? -1);
}

function decodeSequence(seq: string): string {
  const bytes = new Uint8Array(seq.length);
  for (let i = 0; i < seq.length; i++) {
    const b = toByte(seq[i]!);
    if (b < 0) return seq;
    bytes[i] = b;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return seq; // not valid UTF-8 after all: leave the characters as they were
  }
}

/**
 * Reverses UTF-8-read-as-Windows-1252 damage. Runs twice at most because text
 * that went through the wrong decode twice ("Ãƒ©") needs two passes.
 */
export function repairMojibake(text: string): string {
  let out = text;
  for (let pass = 0; pass < 2 && SIGNATURE_RE.test(out); pass++) {
    const next = out.replace(SEQUENCE_RE, decodeSequence);
    if (next === out) break;
    out = next;
  }
  return out;
}
