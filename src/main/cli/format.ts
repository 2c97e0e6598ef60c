export { chainRule, formatProb } from '../../core/format'

export function formatLogProb(lp: number | null): string {
  return lp === null || !Number.isFinite(lp) ? '-inf' : lp.toFixed(4)
}

/** Left-aligned text table; widths count code points, CJK characters as two columns. */
export function table(header: string[], rows: string[][]): string {
  const width = (s: string) =>
    [...s].reduce(
      (w, ch) =>
        w +
        (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
          ? 2
          : 1),
      0,
    )
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i] - width(c)))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** Token text made visible: control characters and invisible marks as escapes. */
export function visible(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- making control characters visible is the point
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu,
    (ch) => `\\u{${ch.codePointAt(0)?.toString(16)}}`,
  )
}
