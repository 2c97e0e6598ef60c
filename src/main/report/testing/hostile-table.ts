import fs from 'node:fs'

/** Tokens a model may produce that must never act as markup or hide in a report. */
export const HOSTILE_TOKENS = [
  '<img src=x onerror=alert(1)>',
  '</svg>',
  '<script>alert(2)</script>',
  `"'&amp;`,
  '\u202eevil',
  'nul\u0000bell\u0007',
  'half\ufffd',
]

/**
 * A table model whose greedy path walks through every hostile token: each prefix gives the next
 * one 0.9 and EOS 0.1, then EOS.
 */
export function writeHostileTable(file: string): void {
  const vocab = ['<s>', '</s>', ...HOSTILE_TOKENS]
  const rules = HOSTILE_TOKENS.map((t, i) => ({
    context: ['<s>', ...HOSTILE_TOKENS.slice(0, i)],
    next: { [t]: 0.9, '</s>': 0.1 },
  }))
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'decoding-lab/table@1',
      name: 'hostile',
      bos: '<s>',
      eos: '</s>',
      vocab,
      rules,
      default: { '</s>': 1 },
    }),
  )
}
