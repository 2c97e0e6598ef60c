// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_WINDOW_STATE, hashOf, readWindowState, windowStateFile, writeWindowState } from './window-state'

const dirs: string[] = []
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'window-state-'))
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('the saved window state', () => {
  it('comes back as it was written: bounds, maximized, and the open experiment and tab', () => {
    const file = windowStateFile(path.join(tempDir(), 'new-folder'))
    const state = { bounds: { x: 40, y: 30, width: 1400, height: 900 }, maximized: true, hash: 'exp=7&tab=tree&run=12' }
    writeWindowState(file, state)
    expect(readWindowState(file)).toEqual(state)
  })

  it('is the default when missing, damaged, or carrying a hash that is not the renderer state', () => {
    const dir = tempDir()
    const file = windowStateFile(dir)
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE)
    fs.writeFileSync(file, '{"bounds":')
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE)
    fs.writeFileSync(
      file,
      JSON.stringify({ bounds: { width: 1200, height: 800 }, maximized: false, hash: 'x"><script>' }),
    )
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE)
    fs.writeFileSync(file, JSON.stringify({ bounds: { width: 10, height: 800 }, maximized: false, hash: '' }))
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('takes the hash of a renderer URL', () => {
    expect(hashOf('file:///app/out/renderer/index.html#exp=2&tab=overlay')).toBe('exp=2&tab=overlay')
    expect(hashOf('file:///app/out/renderer/index.html')).toBe('')
  })
})
