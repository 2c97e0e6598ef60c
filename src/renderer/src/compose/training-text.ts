import { MAX_TRAINING_TEXT } from '../../../core/contract'

export type TrainingText = { ok: true; text: string } | { ok: false; problem: 'not-utf8' | 'too-large' }

/** A UTF-8 character takes at most 4 bytes: a larger file cannot fit, so it is refused before it is read. */
export function tooLargeToRead(byteSize: number, max: number = MAX_TRAINING_TEXT): boolean {
  return byteSize > 4 * max
}

/** Strict UTF-8: invalid bytes are refused rather than replaced with U+FFFD, which would train on garbage. */
export function decodeTrainingText(bytes: Uint8Array, max: number = MAX_TRAINING_TEXT): TrainingText {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, problem: 'not-utf8' }
  }
  return text.length > max ? { ok: false, problem: 'too-large' } : { ok: true, text }
}

/** A model name suggested by the file's name: its base name, with anything but letters, digits, "-" and "_" made "-". */
export function modelNameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, '')
  return base
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
}

/** The order typed in the form, or null unless it is a whole number from 1 to 10. */
export function parseOrder(typed: string): number | null {
  if (!/^\s*\d+\s*$/.test(typed)) return null
  const n = Number(typed)
  return n >= 1 && n <= 10 ? n : null
}
