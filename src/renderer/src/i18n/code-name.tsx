import { MESSAGES, type MessageKey } from './messages'
import type { Translate } from './i18n'

function named(t: Translate, key: string, code: string): string {
  return key in MESSAGES.en ? t(key as MessageKey) : code
}

/** A strategy's name in the chosen language: the code name in English, "束搜索" in Chinese. */
export const strategyLabel = (t: Translate, name: string): string => named(t, `strategy.${name}`, name)

/** A parameter's name in the chosen language: the code name in English, "束宽" in Chinese. */
export const paramLabel = (t: Translate, param: string): string => named(t, `param.${param}`, param)

/** A model kind in the chosen language: the code name in English ("table"), "概率表" in Chinese. */
export const kindLabel = (t: Translate, kind: string): string => named(t, `kind.${kind}`, kind)

/** A name for a select's option or a plain-text place: "束搜索 (beam)", or just "beam" where they agree. */
export const withCode = (label: string, code: string): string => (label === code ? code : `${label} (${code})`)

/** A translated name with its code name beside it as a secondary label, as the strategy spec spells it. */
export function CodeName({ label, code }: { label: string; code: string }) {
  if (label === code) return <>{code}</>
  return (
    <>
      {label} <code className="code-name">{code}</code>
    </>
  )
}
