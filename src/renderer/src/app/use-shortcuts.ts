import { useEffect, useRef } from 'react'
import { isTextField, shortcutFor, type ShortcutAction } from './shortcuts'

/** The window's keyboard shortcuts; `handlers` says what each does now ("cancel" only while something runs). */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  const current = useRef(handlers)
  current.current = handlers
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      const { key, ctrlKey, metaKey, altKey, isComposing } = e
      const action = shortcutFor({
        key,
        ctrlKey,
        metaKey,
        altKey,
        isComposing,
        inTextField: isTextField(document.activeElement as HTMLElement | null),
      })
      // An open dialog owns the keyboard: Escape closes it and nothing else.
      if (!action || document.querySelector('dialog[open], [role="dialog"][data-state="open"]')) return
      const handler = current.current[action]
      if (!handler) return
      e.preventDefault()
      handler()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
