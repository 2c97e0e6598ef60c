/**
 * The one place where text from a model becomes output. Token text can be anything: markup,
 * quotes, control characters, bidi overrides, U+FFFD from a byte token cut mid-character, lone
 * surrogates. Invisible or layout-changing characters are shown as `\u{…}` escapes; markup
 * characters are entity-encoded.
 */

// C0 and C1 controls, DEL, zero-width and bidi marks, line/paragraph separators, word joiners and
// invisible operators, BOM, U+FFFD and the noncharacters U+FFFE/U+FFFF, and lone surrogates (the
// `u` flag makes a surrogate class match only unpaired halves).
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- making control characters visible is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffd-\uffff\ud800-\udfff]/gu

export function codePointEscape(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`
}

/** A piece of text: literal, or an escape standing for one invisible character. */
export interface TextPiece {
  text: string
  escaped: boolean
}

/** Splits text into literal runs and visible escapes; empty text gives no pieces. */
export function visiblePieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = []
  let last = 0
  for (const m of text.matchAll(INVISIBLE)) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index), escaped: false })
    pieces.push({ text: codePointEscape(m[0]), escaped: true })
    last = m.index + m[0].length
  }
  if (last < text.length) pieces.push({ text: text.slice(last), escaped: false })
  return pieces
}

/** Plain text with invisible characters written as `\u{…}` (CSV, DOT, titles). */
export function visible(text: string): string {
  return text.replace(INVISIBLE, codePointEscape)
}

/** Entity-encodes the five markup characters, for HTML and SVG text and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch])
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Markup for token text: literal runs entity-encoded, escapes wrapped in `<tag class="esc">` so that
 * a reader can tell `\u{202e}` standing for an override from a token that spells those characters.
 */
export function textMarkup(text: string, tag: 'span' | 'tspan'): string {
  return visiblePieces(text)
    .map((p) => (p.escaped ? `<${tag} class="esc">${escapeXml(p.text)}</${tag}>` : escapeXml(p.text)))
    .join('')
}

/** HTML/SVG attribute or text content from any string: visible, then entity-encoded. */
export function safeText(text: string): string {
  return escapeXml(visible(text))
}
