// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTempDir } from '../../testing/temp-dir'
import { FileSecretStore, NO_SECRET_STORE } from './secret-store'
import { testCipher } from './testing/test-cipher'

const tempDir = useTempDir()

describe('FileSecretStore', () => {
  it('keeps only ciphertext, readable by the user alone, and gives the key back', () => {
    const dir = path.join(tempDir(), 'keys')
    const store = new FileSecretStore(dir, testCipher())
    store.save('engine', 'sk-live-123456')
    const file = path.join(dir, 'engine.key')
    expect(fs.readFileSync(file).includes('sk-live-123456')).toBe(false)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(store.load('engine')).toBe('sk-live-123456')
    store.save('engine', 'sk-other')
    expect(store.load('engine')).toBe('sk-other')
    store.remove('engine')
    expect(store.load('engine')).toBeNull()
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('refuses to keep a key without encryption, saying to use an environment variable', () => {
    const store = new FileSecretStore(tempDir(), testCipher(false))
    expect(() => store.save('engine', 'sk-1')).toThrow(NO_SECRET_STORE)
    expect(NO_SECRET_STORE).toContain('environment variable named DECODING_LAB_')
  })

  it('names that would leave the folder are refused', () => {
    const store = new FileSecretStore(tempDir(), testCipher())
    expect(() => store.save('../x', 'k')).toThrow('"../x" cannot name a stored key')
  })
})
