import fs from 'node:fs'

/** A table whose default spreads mass over 40 tokens with a nearly impossible EOS: exact search on it runs for seconds (until its memory stop) with a budget of 10000000. */
export function writeSlowTable(file: string): void {
  const words = Array.from({ length: 40 }, (_, i) => `w${i}`)
  const next: Record<string, number> = Object.fromEntries(words.map((w) => [w, (1 - 1e-9) / words.length]))
  next['</s>'] = 1e-9
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'decoding-lab/table@1',
      bos: '<s>',
      eos: '</s>',
      vocab: ['<s>', '</s>', ...words],
      rules: [],
      default: next,
    }),
  )
}
