import { PICKABLE_STRATEGY_NAMES, STRATEGIES } from '.'

/** One example spec per strategy (its first preset), for the CLI help: `greedy | beam:width=4,… | …`. */
export function strategyExamples(perLine = 3): string {
  const specs = PICKABLE_STRATEGY_NAMES.map((name) => {
    const entry = STRATEGIES[name]
    const params = Object.entries(entry.presets[0] ?? {})
    return params.length ? `${name}:${params.map(([k, v]) => `${k}=${v}`).join(',')}` : name
  })
  const lines: string[] = []
  for (let i = 0; i < specs.length; i += perLine) lines.push(specs.slice(i, i + perLine).join(' | '))
  return lines.join('\n        | ')
}

/** The README's strategy table, one row per strategy in registry order. */
export function strategyTable(): string {
  const rows = PICKABLE_STRATEGY_NAMES.map((name) => `| \`${name}\` | ${STRATEGIES[name].summary} |`)
  return ['| strategy | parameters (defaults) |', '|---|---|', ...rows].join('\n')
}
