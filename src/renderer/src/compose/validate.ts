import { InputError } from '../../../core/errors'
import { strategyEntry } from '../../../core/strategies'
import { validateStrategy, type StrategySpec } from '../../../core/strategy-spec'
import type { StrategyDraft } from './presets'

/**
 * Validates drafts with the registry's schemas, as the contract does where the request enters;
 * errors are keyed by draft. Seeds are drawn by the service.
 */
export function validateDrafts(drafts: StrategyDraft[]): { specs: StrategySpec[]; errors: Map<number, string> } {
  const errors = new Map<number, string>()
  const specs: StrategySpec[] = []
  for (const d of drafts) {
    const raw: Record<string, number | string> = {}
    try {
      const text = strategyEntry(d.name).textParams ?? {}
      for (const [k, v] of Object.entries(d.params)) {
        if (v.trim() === '') continue
        if (Object.hasOwn(text, k)) {
          raw[k] = v
          continue
        }
        const n = Number(v)
        if (!Number.isFinite(n)) throw new InputError(`${k} must be a number, got "${v}"`)
        raw[k] = n
      }
      // No seed is drawn here: the service draws and records one for a seeded strategy left without.
      specs.push(
        validateStrategy(d.name, strategyEntry(d.name).takesDraft && d.draft ? { ...raw, draft: d.draft } : raw),
      )
    } catch (err) {
      errors.set(d.key, (err as Error).message)
    }
  }
  return { specs, errors }
}
