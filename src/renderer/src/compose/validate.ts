import { InputError } from '../../../core/errors'
import { strategyEntry } from '../../../core/strategies'
import { validateStrategy, type StrategySpec } from '../../../core/strategy-spec'
import type { StrategyDraft } from './presets'

/** Validates drafts with the core's own schemas; errors are keyed by draft. Seeds are drawn by the service. */
export function validateDrafts(drafts: StrategyDraft[]): { specs: StrategySpec[]; errors: Map<number, string> } {
  const errors = new Map<number, string>()
  const specs: StrategySpec[] = []
  for (const d of drafts) {
    const raw: Record<string, number> = {}
    try {
      for (const [k, v] of Object.entries(d.params)) {
        if (v.trim() === '') continue
        const n = Number(v)
        if (!Number.isFinite(n)) throw new InputError(`${k} must be a number, got "${v}"`)
        raw[k] = n
      }
      const spec = validateStrategy(
        d.name,
        strategyEntry(d.name).takesDraft && d.draft ? { ...raw, draft: d.draft } : raw,
        () => 0,
      )
      // Leave the seed out so that the service draws and records a fresh one.
      if (raw.seed === undefined) delete spec.params.seed
      specs.push(spec)
    } catch (err) {
      errors.set(d.key, (err as Error).message)
    }
  }
  return { specs, errors }
}
