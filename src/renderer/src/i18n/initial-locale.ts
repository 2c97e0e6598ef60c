export const LOCALE_STORAGE_KEY = 'decoding-lab-locale'

/** The saved choice of language, else the browser's. A module of its own: main.tsx needs it before the app loads. */
export function initialLocale(): 'en' | 'zh-CN' {
  const saved = localStorage.getItem(LOCALE_STORAGE_KEY)
  if (saved === 'en' || saved === 'zh-CN') return saved
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}
