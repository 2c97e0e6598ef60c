/** Keys whose value is the rest of the spec, commas included (a regex or a scored text may hold any): they come last. */
export const REST_KEYS = new Set(['answerPattern', 'text'])
/**
 * Keys whose value may hold commas: the pieces after it that are not the outer strategy's keys are
 * part of it. A proposal is a strategy spec of its own; logitBias lists token=bias pairs and
 * bannedStrings is a JSON array.
 */
export const NESTED_KEYS = new Set(['proposal', 'logitBias', 'bannedStrings'])

export interface SpecPiece {
  key: string
  value: string
  /** The piece as written, for error messages. */
  text: string
}

/**
 * Splits the body of `NAME:key=value,…` at its commas, except that
 * - `answerPattern=` (and score's `text=`) takes everything after it, commas and all (so it goes last);
 * - `proposal=NAME:k=v,k2=v2` gathers the pieces after it whose keys `ownKeys` does not hold:
 *   `mbr:samples=8,proposal=nucleus:p=0.9,temperature=0.7,utility=chrf` gives the proposal
 *   `nucleus:p=0.9,temperature=0.7`.
 * A piece without `=` is kept with key "" for the caller to refuse.
 */
export function splitSpecBody(body: string, ownKeys: ReadonlySet<string>): SpecPiece[] {
  const pieces: SpecPiece[] = []
  let rest = body
  let nested: SpecPiece | null = null
  while (rest !== '') {
    const eq = rest.indexOf('=')
    const comma = rest.indexOf(',')
    const key = (eq < 0 || (comma >= 0 && comma < eq) ? '' : rest.slice(0, eq)).trim()
    if (REST_KEYS.has(key)) {
      pieces.push({ key, value: rest.slice(eq + 1), text: rest })
      break
    }
    const end = comma < 0 ? rest.length : comma
    const text = rest.slice(0, end)
    rest = comma < 0 ? '' : rest.slice(comma + 1)
    if (text.trim() === '') continue
    const piece: SpecPiece =
      key === '' ? { key: '', value: '', text } : { key, value: text.slice(text.indexOf('=') + 1).trim(), text }
    if (nested && (key === '' || !ownKeys.has(key))) {
      nested.value = `${nested.value},${text.trim()}`
      nested.text = `${nested.text},${text}`
      continue
    }
    nested = NESTED_KEYS.has(key) ? piece : null
    pieces.push(piece)
  }
  return pieces
}
