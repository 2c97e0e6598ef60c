import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../../../core/errors'

/** Where the desktop app keeps remote engines' API keys; a key never goes into remotes.json, exports or logs. */
export interface SecretStore {
  save(name: string, secret: string): void
  /** null when none is kept under that name. */
  load(name: string): string | null
  remove(name: string): void
}

/** What encrypts the keys: Electron's safeStorage (the OS keychain) in the desktop app. */
export interface Cipher {
  available(): boolean
  encrypt(plain: string): Buffer
  decrypt(cipher: Buffer): string
}

export const NO_SECRET_STORE =
  'this app cannot keep API keys encrypted here (no OS keychain; browser mode never keeps them): put the key in an environment variable named DECODING_LAB_… before starting the app, and give that name instead'

/** One file of ciphertext per name, readable by the user alone. */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly dir: string,
    private readonly cipher: Cipher,
  ) {}

  save(name: string, secret: string): void {
    if (!this.cipher.available()) throw new InputError(NO_SECRET_STORE)
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const file = this.file(name)
    const temp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(temp, this.cipher.encrypt(secret), { mode: 0o600 })
    fs.renameSync(temp, file)
  }

  load(name: string): string | null {
    const file = this.file(name)
    if (!fs.existsSync(file)) return null
    if (!this.cipher.available())
      throw new InputError(
        `the API key of "${name}" is kept encrypted, but the OS keychain cannot be reached now; ${NO_SECRET_STORE}`,
      )
    return this.cipher.decrypt(fs.readFileSync(file))
  }

  remove(name: string): void {
    fs.rmSync(this.file(name), { force: true })
  }

  private file(name: string): string {
    // Names are registration ids, already checked as file-name safe; this keeps a bad one from escaping the folder.
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.'))
      throw new InputError(`"${name}" cannot name a stored key`)
    return path.join(this.dir, `${name}.key`)
  }
}
