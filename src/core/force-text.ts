import { InputError, TokenizeError } from './errors'
import { visible } from './report/escape'
import { visibleToken } from './report/visible-token'
import type { LanguageModel, TokenId } from './types'

/**
 * How a user names tokens to force (`--force`, the app's branch text):
 * - token texts separated by spaces, each as the tree shows it (`天 气`, `␣world`, `⏎`, `<|im_end|>`, `<98>龘`);
 * - ids, `#1879`, mixed freely with texts;
 * - a JSON array of exact token texts and ids: `[" world", "\n", 151645]`.
 * Every item names one token; one that does not is refused with the tokens its text would give.
 */
export async function namedTokens(model: LanguageModel, text: string, label: string): Promise<TokenId[]> {
  const names = tokenNames(model)
  const items = isJsonForm(text) ? jsonItems(text, label) : spaceItems(text, label, names)
  if (items.length === 0)
    throw new InputError(`${label} needs at least one token, e.g. ${label} "天 气", "#1879" or '[" world"]'`)
  const out: TokenId[] = []
  for (const item of items) {
    if (typeof item === 'number') {
      if (!Number.isInteger(item) || item < 0 || item >= model.vocabSize)
        throw new InputError(
          `${label}: token id ${item} is outside the vocabulary of ${model.id} (0 to ${model.vocabSize - 1})`,
        )
      out.push(item)
      continue
    }
    // ⏎ is how a newline shows, and also a token of its own in some vocabularies: then it names both.
    const lookUp = (name: string) => [...new Set([...(names.exact.get(name) ?? []), ...(names.shown.get(name) ?? [])])]
    let found = lookUp(item)
    // A token that completes a split character shows as its bytes then the character (<98>龘), as the
    // tree and show print it after the tokens before it; alone it shows without the character (<98>).
    const completing = found.length === 0 ? /^(<([0-9A-F]{2}(?: [0-9A-F]{2})*)>)(\P{M})(.*)$/su.exec(item) : null
    if (completing && endsCharacter(completing[2], completing[3])) found = lookUp(completing[1] + completing[4])
    const ids = found.length > 0 ? found : undefined
    if (ids && ids.length === 1) {
      out.push(ids[0])
      continue
    }
    if (ids)
      throw new InputError(
        `${label}: "${visible(item)}" names ${ids.length} tokens of ${model.id} (${ids.map((i) => `#${i}`).join(' ')}); give the one you mean by its id`,
      )
    throw new InputError(
      `${label}: "${visible(item)}" is not a token of ${model.id}; give token texts separated by spaces, as show prints them${await wouldGive(model, item)}`,
    )
  }
  return out
}

/** Whether a branch text is written in a form that names tokens (JSON array, or ids only) rather than text to tokenize. */
export function namesTokens(text: string): boolean {
  if (isJsonForm(text)) return true
  const items = text.trim().split(/\s+/u)
  return items.length > 0 && items.every((i) => /^#\d+$/u.test(i))
}

/**
 * The tokens of a text the user typed (an edited branch): tokenized as what it adds after the tokens
 * before it (`at` 'prompt' when there are none), and refused when they do not spell the text exactly
 * (normalised, unknown or dropped characters).
 */
export async function textTokens(
  model: LanguageModel,
  text: string,
  label: string,
  at: 'prompt' | 'continuation' = 'continuation',
): Promise<TokenId[]> {
  if (namesTokens(text)) return namedTokens(model, text, label)
  const ids = await model.tokenize(text, at)
  if (ids.length === 0)
    throw new InputError(`${label} "${visible(text)}" has no tokens of ${model.id}: type at least one`)
  // A prompt's first token may carry the space the vocabulary puts before a text; its detokenizer drops it.
  const back = at === 'prompt' ? await model.detokenize(ids) : await spelled(model, ids)
  if (back !== text) {
    throw new InputError(
      `${label} "${visible(text)}" would become "${visible(back)}" in the tokens of ${model.id}: ${describeTokens(model, ids)}; name the tokens you mean by id or as a JSON array`,
    )
  }
  return ids
}

/** Whether bytes written `98` or `BE 98` are the last bytes of the character `char` in UTF-8 (and not all of them). */
function endsCharacter(hex: string, char: string): boolean {
  const bytes = hex.split(' ').map((h) => parseInt(h, 16))
  const encoded = new TextEncoder().encode(char)
  const tail = encoded.subarray(encoded.length - bytes.length)
  return bytes.length < encoded.length && bytes.every((b, i) => tail[i] === b)
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * The text tokens spell: their bytes where the model has them. A detokenizer may read them as the start
 * of a text and drop the space of the first (llama.cpp does where it puts a space before a prompt).
 */
async function spelled(model: LanguageModel, ids: readonly TokenId[]): Promise<string> {
  const parts = model.tokenBytes ? ids.map((id) => model.tokenBytes?.(id) ?? null) : []
  if (parts.length === 0 || parts.some((p) => p === null)) return model.detokenize(ids)
  const all = new Uint8Array(parts.reduce((n, p) => n + (p as Uint8Array).length, 0))
  let at = 0
  for (const p of parts as Uint8Array[]) {
    all.set(p, at)
    at += p.length
  }
  return utf8.decode(all)
}

function isJsonForm(text: string): boolean {
  return text.trimStart().startsWith('[')
}

function jsonItems(text: string, label: string): (string | number)[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new InputError(
      `${label}: a list of tokens must be a JSON array of token texts and ids, e.g. '[" world", 151645]': ${(err as Error).message}`,
    )
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string' || typeof x === 'number')) {
    throw new InputError(
      `${label}: a list of tokens must be a JSON array of token texts (strings) and ids (numbers), e.g. '[" world", 151645]'`,
    )
  }
  return parsed as (string | number)[]
}

function spaceItems(text: string, label: string, names: Names): (string | number)[] {
  // Bytes of a split character show as one group (<E9 B1>): its spaces do not separate tokens.
  const items = text.match(/(?:<[0-9A-F]{2}(?: [0-9A-F]{2})*>|\S)+/gu) ?? []
  if (items.length > 0 && (/^\s/u.test(text) || /[\t\n\r\f\v]| {2}/u.test(text.trim()))) {
    // " world" would silently become "world": whitespace there belongs to no separator.
    const ids = names.exact.get(text)
    const as =
      ids?.length === 1
        ? `"${visible(text)}" is token #${ids[0]}: force it as #${ids[0]}, ${visibleToken(text)} or '${JSON.stringify([text])}'`
        : `write it as the tree shows it (␣ a space, ⏎ a newline), by id (#N) or in a JSON array ('[" world"]')`
    throw new InputError(
      `${label} "${visible(text)}": whitespace that starts a token is lost between tokens separated by spaces; ${as}`,
    )
  }
  return items.map((i) => (/^#\d+$/u.test(i) ? Number(i.slice(1)) : i))
}

interface Names {
  /** Token ids by their exact text. */
  exact: Map<string, TokenId[]>
  /** Token ids by their text as views show it (␣ for a space at an edge, ⏎, \u{…} escapes). */
  shown: Map<string, TokenId[]>
}

const namesCache = new WeakMap<LanguageModel, Names>()

function tokenNames(model: LanguageModel): Names {
  let names = namesCache.get(model)
  if (names) return names
  names = { exact: new Map(), shown: new Map() }
  const add = (map: Map<string, TokenId[]>, key: string, id: TokenId): void => {
    const ids = map.get(key)
    if (!ids) map.set(key, [id])
    else if (!ids.includes(id)) ids.push(id)
  }
  for (let id = 0; id < model.vocabSize; id++) {
    const t = model.tokenText(id)
    add(names.exact, t, id)
    for (const form of new Set([visibleToken(t), visible(t)])) if (form !== t) add(names.shown, form, id)
  }
  namesCache.set(model, names)
  return names
}

/** `: it tokenizes as "Ġworld" "s" (#1879 #82)`, or nothing when the text does not tokenize. */
async function wouldGive(model: LanguageModel, text: string): Promise<string> {
  try {
    const ids = await model.tokenize(text, 'continuation')
    return ids.length > 0 ? `; as text it tokenizes as ${describeTokens(model, ids)}` : ''
  } catch (err) {
    if (err instanceof TokenizeError) return ''
    throw err
  }
}

function describeTokens(model: LanguageModel, ids: readonly TokenId[]): string {
  return `${ids.map((id) => `"${visibleToken(model.tokenText(id))}"`).join(' ')} (${ids.map((id) => `#${id}`).join(' ')})`
}
