import type { LanguageModel, TokenId } from './types'

/**
 * Tokens as people read them. A byte-level BPE vocabulary (GPT-2, Llama 3, Qwen) spells each byte as a
 * printable character (`Ġ` a space, `Ċ` a newline); a token is a run of bytes, and a character of
 * several bytes can be split between tokens. These functions turn a token's bytes into what it shows.
 */

/** GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68 map from U+0100 on. */
const BYTE_OF_CHAR = new Map<number, number>()
{
  let next = 256
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff)
    BYTE_OF_CHAR.set(printable ? b : next++, b)
  }
}

/** The bytes a byte-level BPE piece (`Ġworld`) stands for; null when a character of it is not in the byte map (a piece written as plain text). */
export function byteLevelBytes(piece: string): Uint8Array | null {
  const out = new Uint8Array(piece.length)
  let n = 0
  for (const ch of piece) {
    const b = BYTE_OF_CHAR.get(ch.codePointAt(0) as number)
    if (b === undefined) return null
    out[n++] = b
  }
  return out.subarray(0, n)
}

/**
 * Whether a BPE vocabulary (tokenizer.ggml.model gpt2) spells its tokens byte-level. Most do; some
 * (Gemma 4's) keep raw UTF-8 with `▁` for a space, which a byte-level vocabulary cannot hold: `▁` is not
 * one of its 256 characters. A few stray tokens do not decide it, most of the normal ones do.
 */
export function spellsBytes(pieces: readonly string[], isNormal: (id: number) => boolean): boolean {
  let normal = 0
  let outside = 0
  for (let id = 0; id < pieces.length; id++) {
    if (!isNormal(id)) continue
    normal++
    for (const ch of pieces[id]) {
      if (!BYTE_OF_CHAR.has(ch.codePointAt(0) as number)) {
        outside++
        break
      }
    }
  }
  return outside <= normal / 10
}

const EMPTY: Uint8Array = new Uint8Array(0)

/** Bytes as they show when they are not (yet) a character: `<E5 BA>`. */
export function byteForm(bytes: ArrayLike<number>): string {
  return `<${Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')}>`
}

/** The length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1
  if (lead >= 0xc2 && lead <= 0xdf) return 2
  if (lead >= 0xe0 && lead <= 0xef) return 3
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  return 0
}

/** Whether `b` can be byte `i` (1 on) of the sequence led by `lead` (no overlong forms, no surrogates). */
function continues(lead: number, i: number, b: number): boolean {
  if (i === 1) {
    if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf
    if (lead === 0xed) return b >= 0x80 && b <= 0x9f
    if (lead === 0xf0) return b >= 0x90 && b <= 0xbf
    if (lead === 0xf4) return b >= 0x80 && b <= 0x8f
  }
  return b >= 0x80 && b <= 0xbf
}

// A byte-order mark is a character of the token (ï»¿ starts some), not a marker to drop.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

export interface TokenDisplay {
  /** What the token shows. */
  text: string
  /** The bytes of a character begun and not finished by the end of this token, which the next token may complete. */
  open: Uint8Array
}

/**
 * What a token shows after a path whose bytes end in `open` (an unfinished character, usually empty):
 * its whole characters as text, the bytes of a character it begins and does not finish as `<E5 BA>`,
 * and, on a token that finishes a character begun before it, its bytes of that character then the
 * character: `<A6>度`. Bytes that cannot be UTF-8 at all show as bytes too.
 */
export function displayAfter(open: Uint8Array, bytes: Uint8Array): TokenDisplay {
  const all = new Uint8Array(open.length + bytes.length)
  all.set(open)
  all.set(bytes, open.length)
  let text = ''
  // This token's bytes not (yet) shown as a character, shown together as one <…>.
  let loose: number[] = []
  const flush = (): void => {
    if (loose.length > 0) text += byteForm(loose)
    loose = []
  }
  const own = (from: number, to: number): void => {
    for (let k = Math.max(from, open.length); k < to; k++) loose.push(all[k])
  }
  let i = 0
  while (i < all.length) {
    const need = sequenceLength(all[i])
    let have = 1
    while (have < need && i + have < all.length && continues(all[i], have, all[i + have])) have++
    if (need === 0 || (have < need && i + have < all.length)) {
      // Not UTF-8: the byte shows as itself (when it is this token's).
      own(i, i + 1)
      i++
    } else if (have < need) {
      // Begun and unfinished at the token's end.
      own(i, all.length)
      flush()
      return { text, open: all.slice(i) }
    } else {
      if (i < open.length) own(i, i + need)
      flush()
      text += utf8.decode(all.subarray(i, i + need))
      i += need
    }
  }
  flush()
  return { text, open: EMPTY }
}

/** What each token of a path shows, given each one's bytes (null: a token with no bytes, such as a control token, shown as `texts[i]`). */
export function pathDisplays(bytes: readonly (Uint8Array | null)[], texts: readonly string[]): string[] {
  let open: Uint8Array = EMPTY
  return bytes.map((b, i) => {
    if (b === null) {
      open = EMPTY
      return texts[i]
    }
    const d = displayAfter(open, b)
    open = d.open
    return d.text
  })
}

/** How a run of tokens reads, token by token, on `model` (with its bytes where it has them). */
export function tokenDisplays(model: LanguageModel, ids: readonly TokenId[]): string[] {
  const texts = ids.map((id) => model.tokenText(id))
  if (!model.tokenBytes) return texts
  return pathDisplays(
    ids.map((id) => model.tokenBytes?.(id) ?? null),
    texts,
  )
}
