import type { RunDetail } from '../../../core/records'
import { visibleToken } from '../../../core/report/visible-token'
import type { StrategySpec } from '../../../core/strategy-spec'
import { isStrategyName, strategyEntry } from '../../../core/strategies'
import { strategyLabel } from '../i18n/code-name'
import type { Translate } from '../i18n/i18n'
import type { MessageKey } from '../i18n/messages'

/** A strategy's short name: "beam 4", "nucleus 0.9", "greedy"; with `t`, in the chosen language ("束搜索 4"). */
export function shortStrategy(s: Pick<StrategySpec, 'name' | 'params'>, t?: Translate): string {
  // The parameter that tells runs of a strategy apart (its entry's display.short), shown after its name.
  const main = isStrategyName(s.name) ? strategyEntry(s.name).display.short : undefined
  const value = main ? s.params[main.param] : undefined
  if (main && value !== undefined) return `${t ? t(`short.${s.name}` as MessageKey) : main.en} ${value}`
  return t ? strategyLabel(t, s.name) : s.name
}

/** A run's name: its strategy, and for a branch by hand the tokens it forced ("greedy after 天 → 好 (forced)"). */
export function runName(run: Pick<RunDetail, 'strategy' | 'sequences'>, t: Translate): string {
  return branchName(run.strategy, run.sequences[0]?.tokens ?? [], t)
}

/** A run's name from its strategy and its first sequence's tokens (of which the forced ones name a branch). */
export function branchName(
  strategy: Pick<StrategySpec, 'name' | 'params' | 'forced'>,
  tokens: readonly string[],
  t: Translate,
): string {
  const short = shortStrategy(strategy, t)
  const forced = tokens.slice(0, strategy.forced?.length ?? 0)
  if (forced.length === 0) return short
  return t('names.branch', { strategy: short, path: forced.map(visibleToken).join(' → ') })
}

/** A sequence's name in tables and legends: the run's name, and "#2" when the run returned more than one. */
export function sequenceName(run: Pick<RunDetail, 'strategy' | 'sequences'>, index: number, t: Translate): string {
  return run.sequences.length > 1 ? `${runName(run, t)} #${index + 1}` : runName(run, t)
}
