/** A prompts file's prompts: one per line (LF or CRLF), blank lines dropped, the rest kept as written. */
export function promptsFromText(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
}
