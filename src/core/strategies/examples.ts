import { STRATEGIES } from '.'

/** One example spec per strategy (its first preset), for the CLI help: `greedy | beam:width=4,… | …`. */
export function strategyExamples(perLine = 3): string {
  const specs = Object.entries(STRATEGIES).map(([name, entry]) => {
    const params = Object.entries(entry.presets[0] ?? {})
    return params.length ? `${name}:${params.map(([k, v]) => `${k}=${v}`).join(',')}` : name
  })
  const lines: string[] = []
  for (let i = 0; i < specs.length; i += perLine) lines.push(specs.slice(i, i + perLine).join(' | '))
  return lines.join('\n        | ')
}

/** The README's strategy table, one row per strategy in registry order. */
export function strategyTable(): string {
  const rows = Object.entries(STRATEGIES).map(([name, entry]) => `| \`${name}\` | ${entry.summary} |`)
  return ['| strategy | parameters (defaults) |', '|---|---|', ...rows].join('\n')
}
