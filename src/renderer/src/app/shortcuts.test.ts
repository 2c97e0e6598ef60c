import { describe, expect, it } from 'vitest'
import { isTextField, shortcutFor, type KeyPress } from './shortcuts'

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  inTextField: false,
  ...more,
})

describe('shortcutFor', () => {
  it('runs on Ctrl+Enter and Cmd+Enter, even in a text field, but not on Enter alone or Ctrl+Alt+Enter', () => {
    expect(shortcutFor(press('Enter', { ctrlKey: true, inTextField: true }))).toBe('run')
    expect(shortcutFor(press('Enter', { metaKey: true }))).toBe('run')
    expect(shortcutFor(press('Enter'))).toBe(null)
    expect(shortcutFor(press('Enter', { ctrlKey: true, altKey: true }))).toBe(null)
  })
  it('cancels on a plain Escape anywhere', () => {
    expect(shortcutFor(press('Escape'))).toBe('cancel')
    expect(shortcutFor(press('Escape', { inTextField: true }))).toBe('cancel')
    expect(shortcutFor(press('Escape', { ctrlKey: true }))).toBe(null)
  })
  it('takes "/" and "?" only outside text fields and without modifiers', () => {
    expect(shortcutFor(press('/'))).toBe('search')
    expect(shortcutFor(press('?'))).toBe('help')
    expect(shortcutFor(press('/', { inTextField: true }))).toBe(null)
    expect(shortcutFor(press('?', { inTextField: true }))).toBe(null)
    expect(shortcutFor(press('/', { ctrlKey: true }))).toBe(null)
    expect(shortcutFor(press('a'))).toBe(null)
  })
  it('leaves every key to an input method that is composing', () => {
    expect(shortcutFor(press('Enter', { ctrlKey: true, isComposing: true }))).toBe(null)
    expect(shortcutFor(press('Escape', { isComposing: true }))).toBe(null)
  })
})

describe('isTextField', () => {
  it('counts text inputs, textareas, selects and editable content, not buttons, checkboxes or file pickers', () => {
    expect(isTextField({ tagName: 'INPUT', type: 'text' })).toBe(true)
    expect(isTextField({ tagName: 'INPUT', type: 'search' })).toBe(true)
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true)
    expect(isTextField({ tagName: 'SELECT' })).toBe(true)
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true)
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' })).toBe(false)
    expect(isTextField({ tagName: 'INPUT', type: 'file' })).toBe(false)
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false)
    expect(isTextField(null)).toBe(false)
  })
})
