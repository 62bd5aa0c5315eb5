/**
 * Bytes → text with the right charset. Crawlee only looks at the Content-Type
 * header, so pages that declare ISO-8859-1 or windows-1252 in a <meta> tag
 * would come out garbled. Order, as browsers do it: byte-order mark, HTTP
 * header, <meta> in the first 2 KB, then UTF-8.
 */

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = contentType?.match(/charset\s*=\s*["']?([^;"'\s]+)/i);
  return m ? m[1]!.toLowerCase() : null;
}

function sniffMetaCharset(bytes: Uint8Array): string | null {
  // Latin-1 maps each byte to one char, so the ASCII markup reads the same whatever the real charset is.
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const direct = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i);
  if (direct) return direct[1]!.toLowerCase();
  return null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

export interface DecodedBody {
  text: string;
  charset: string;
}

export function decodeBody(bytes: Uint8Array, contentType: string | null | undefined): DecodedBody {
  const candidates = [bomCharset(bytes), charsetFromContentType(contentType), sniffMetaCharset(bytes)];
  for (const label of candidates) {
    if (!label) continue;
    const decoder = decoderFor(label);
    // TextDecoder strips a matching BOM itself.
    if (decoder) return { text: decoder.decode(bytes), charset: decoder.encoding };
  }
  return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8' };
}
