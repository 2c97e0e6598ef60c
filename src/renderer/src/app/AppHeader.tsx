import { LOCALES, useLocale, type Locale } from '../i18n/i18n'

/** The title bar: the app's name and what it is for, the shortcuts and the language. */
export function AppHeader({ onHelp }: { onHelp: () => void }) {
  const { t, locale, setLocale } = useLocale()
  return (
    <header className="app-header">
      <h1>{t('app.title')}</h1>
      <p className="tagline">{t('shell.tagline')}</p>
      <div className="header-tools">
        <button
          type="button"
          className="icon"
          aria-label={t('app.shortcuts')}
          title={t('app.shortcutsButton')}
          aria-keyshortcuts="?"
          onClick={onHelp}
        >
          ?
        </button>
        <label>
          {t('app.language')}{' '}
          <select aria-label={t('app.language')} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  )
}
