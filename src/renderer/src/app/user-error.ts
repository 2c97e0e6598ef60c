import type { Translate } from '../i18n/i18n'

/**
 * The text to show for a failed request. Messages from the main process are written for users and
 * pass unchanged; a request that never reached it (the browser-mode server is gone) says what to do.
 */
export function userError(err: unknown, t: Translate): string {
  if (err instanceof TypeError && /fetch|network/i.test(err.message))
    return t('app.unreachable', { error: err.message })
  return err instanceof Error ? err.message : String(err)
}
