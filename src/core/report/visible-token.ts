/**
 * How a token's text is shown in every view and report: a token can be a bare space, a newline or
 * a control character, which as plain text would vanish or break the layout. Whitespace gets a
 * glyph (␣ a space at either end of a token or alone, ⏎ newline, ⇥ tab); other invisible characters and other kinds of space get a
 * `\u{…}` escape (see escape.ts). Every piece that stands for something else is marked `escaped`.
 */
import { codePointEscape, escapeXml, visible, visiblePieces, type TextPiece } from './escape'

const GLYPHS: Record<string, string> = { ' ': '␣', '\n': '⏎', '\t': '⇥' }
// Every other Unicode space and line break that visiblePieces lets through as literal text.
const OTHER_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u
const WHITESPACE = /[ \n\t]/u

/** A token's text as literal runs and marked stand-ins; empty text gives no pieces. */
export function tokenPieces(text: string): TextPiece[] {
  const out: TextPiece[] = []
  const push = (piece: TextPiece): void => {
    const last = out[out.length - 1]
    if (last && !last.escaped && !piece.escaped) last.text += piece.text
    else out.push(piece)
  }
  // A space inside a token ("New York") shows as a gap; at either end, or alone, it would vanish.
  const lead = text.length - text.trimStart().length
  const trail = text.trimEnd().length
  let at = 0
  for (const piece of visiblePieces(text)) {
    const start = at
    at += piece.escaped ? 1 : piece.text.length
    if (piece.escaped) {
      // A newline or tab escape from visiblePieces becomes its glyph.
      const ch = piece.text === '\\u{a}' ? '\n' : piece.text === '\\u{9}' ? '\t' : null
      push({ text: ch ? GLYPHS[ch] : piece.text, escaped: true })
      continue
    }
    let literal = ''
    let i = start
    for (const ch of piece.text) {
      const edge = i < lead || i >= trail
      i += ch.length
      const stand = ch === ' ' && !edge ? null : (GLYPHS[ch] ?? (OTHER_SPACE.test(ch) ? codePointEscape(ch) : null))
      if (stand === null) {
        literal += ch
        continue
      }
      if (literal) push({ text: literal, escaped: false })
      literal = ''
      push({ text: stand, escaped: true })
    }
    if (literal) push({ text: literal, escaped: false })
  }
  return out
}

/** A token's text as plain visible text: `"\n"` → `⏎`, `" the"` → `␣the`. */
export function visibleToken(text: string): string {
  return tokenPieces(text)
    .map((p) => p.text)
    .join('')
}

/** Markup for a token: literal runs entity-encoded, stand-ins wrapped in `<tag class="esc">`. */
export function tokenMarkup(text: string, tag: 'span' | 'tspan'): string {
  return tokenPieces(text)
    .map((p) => (p.escaped ? `<${tag} class="esc">${escapeXml(p.text)}</${tag}>` : escapeXml(p.text)))
    .join('')
}

// Han, kana, Hangul, CJK punctuation and full-width forms: scripts written without spaces between words.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\u30fc\uff00-\uffef]/u

/**
 * How tokens are joined into running text. `words`: tokens are whole words (table models), so a
 * space goes between two of them, except where either side is CJK or is itself whitespace.
 * `pieces`: tokens carry their own spaces (sub-word and character models), so nothing is added.
 */
export type TokenJoin = 'words' | 'pieces'

export function tokenSeparator(before: string, after: string, join: TokenJoin): string {
  if (join === 'pieces' || before === '' || after === '') return ''
  const last = [...before].pop() ?? ''
  const first = [...after][0] ?? ''
  if (CJK.test(last) || CJK.test(first) || WHITESPACE.test(last) || WHITESPACE.test(first)) return ''
  return ' '
}

/** A sequence's tokens as one visible line: `['天', '气', '好']` → `天气好`, `['the', 'cat']` → `the cat`. */
export function visibleTokens(tokens: readonly string[], join: TokenJoin): string {
  return tokens.map((t, i) => (i === 0 ? '' : tokenSeparator(tokens[i - 1], t, join)) + visibleToken(t)).join('')
}

/** Which join suits a model: table models list whole words; the others' tokens are pieces of text. */
export function joinFor(modelKind: string): TokenJoin {
  return modelKind === 'table' ? 'words' : 'pieces'
}

/**
 * A sequence's tokens as running text in HTML: one `<span class="tok">` per token (a reader can
 * still tell them apart by their shading), joined as `visibleTokens` joins them, so Chinese reads
 * without gaps and a line can wrap between any two tokens.
 */
export function tokenSpans(tokens: readonly string[], join: TokenJoin): string {
  return tokens
    .map(
      (t, i) =>
        (i === 0 ? '' : tokenSeparator(tokens[i - 1], t, join)) +
        `<span class="tok">${tokenMarkup(t, 'span') || '&#8203;'}</span>`,
    )
    .join('')
}

/**
 * A sequence's tokens on one line of a text table, a space between two tokens unless one of them
 * brings its own there: `['Hello', ' world', '!']` → `Hello world !`, never `Hello  world`. A token that
 * is only whitespace shows as its glyphs (`␣`, `⏎`); other invisible characters as escapes.
 */
export function tokenRow(tokens: readonly string[]): string {
  return tokens
    .map((t, i) => {
      const before = tokens[i - 1]
      const gap = i === 0 || /\s$/u.test(before) || /^\s/u.test(t) ? '' : ' '
      return gap + (t !== '' && t.trim() === '' ? visibleToken(t) : visible(t))
    })
    .join('')
}
