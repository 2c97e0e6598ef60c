import { durationParts } from '../../../core/sweep/sweep-eta'
import type { Translate } from '../i18n/i18n'

/** A duration in the app's language. */
export function formatTimeLeft(ms: number, t: Translate): string {
  const { value, unit } = durationParts(ms)
  return t(unit === 's' ? 'sweep.seconds' : 'sweep.minutes', { value })
}
