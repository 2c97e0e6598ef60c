/** The app's keyboard shortcuts, as data for the key handler and the help dialog alike. */

export type ShortcutAction = 'run' | 'cancel' | 'search' | 'help'

export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** An input method is composing (e.g. pinyin): its Enter and Escape belong to it. */
  isComposing: boolean
  /** The focus is in a field that takes typed text, where "/" and "?" are characters. */
  inTextField: boolean
}

export const SHORTCUTS: readonly { keys: string; action: ShortcutAction }[] = [
  { keys: 'Ctrl+Enter / ⌘+Enter', action: 'run' },
  { keys: 'Esc', action: 'cancel' },
  { keys: '/', action: 'search' },
  { keys: '?', action: 'help' },
]

export function shortcutFor(k: KeyPress): ShortcutAction | null {
  if (k.isComposing) return null
  if (k.key === 'Enter' && (k.ctrlKey || k.metaKey) && !k.altKey) return 'run'
  if (k.key === 'Escape' && !k.ctrlKey && !k.metaKey && !k.altKey) return 'cancel'
  if (k.ctrlKey || k.metaKey || k.altKey || k.inTextField) return null
  if (k.key === '/') return 'search'
  if (k.key === '?') return 'help'
  return null
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit'])

/** Whether typing "/" into this element means a character rather than a shortcut. */
export function isTextField(el: { tagName: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!el) return false
  if (el.isContentEditable) return true
  const tag = el.tagName.toLowerCase()
  if (tag === 'textarea' || tag === 'select') return true
  return tag === 'input' && !NON_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase())
}
