import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { MESSAGES, type Locale, type MessageKey } from './messages'

export type { Locale, MessageKey }
export const LOCALES: readonly { id: Locale; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
]

const STORAGE_KEY = 'decoding-lab-locale'

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

interface LocaleState {
  locale: Locale
  setLocale: (l: Locale) => void
  t: Translate
}

const LocaleContext = createContext<LocaleState | null>(null)

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY)
  if (saved === 'en' || saved === 'zh-CN') return saved
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/** Fills `{name}` placeholders; a missing variable stays visible rather than vanishing. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}

/** `initial` fixes the starting language (tests, a server render); otherwise the saved choice or the browser's. */
export function LocaleProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? initialLocale())
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l)
    setLocaleState(l)
  }, [])
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  const value = useMemo<LocaleState>(() => {
    const table = MESSAGES[locale]
    return { locale, setLocale, t: (key, vars) => format(table[key], vars) }
  }, [locale, setLocale])
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext)
  if (!state) throw new Error('useLocale needs a <LocaleProvider> above it')
  return state
}

export function useT(): Translate {
  return useLocale().t
}
