/**
 * Where passwords and passphrases live. Never written to disk in clear: the default keeps them in
 * memory for this run only (browser mode); the desktop app injects one backed by Electron's
 * safeStorage (src-main/electron/), so services stay plain Node.
 */
export interface SecretStore {
  get(key: string): string | undefined
  /** `persist` asks to keep it across runs, which only an encrypting store does. */
  set(key: string, value: string, persist: boolean): void
  delete(key: string): void
  /** True when `persist` can be honoured. */
  readonly canPersist: boolean
}

export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>()
  readonly canPersist = false

  get(key: string): string | undefined {
    return this.secrets.get(key)
  }

  set(key: string, value: string): void {
    this.secrets.set(key, value)
  }

  delete(key: string): void {
    this.secrets.delete(key)
  }
}

/** The operating system's encryption (Electron's safeStorage), injected so this file stays plain Node. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

/**
 * Keeps persisted secrets encrypted by the cipher in one JSON file (base64 of the ciphertext);
 * unpersisted ones stay in memory. Without encryption available nothing is persisted.
 */
export class EncryptedFileSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>()

  constructor(
    private readonly path: string,
    private readonly cipher: SecretCipher,
    private readonly fs: {
      read(path: string): string | undefined
      write(path: string, text: string): void
    },
  ) {}

  get canPersist(): boolean {
    return this.cipher.isEncryptionAvailable()
  }

  get(key: string): string | undefined {
    const inMemory = this.memory.get(key)
    if (inMemory !== undefined) return inMemory
    const encrypted = this.readAll()[key]
    if (!encrypted || !this.canPersist) return undefined
    try {
      return this.cipher.decryptString(Buffer.from(encrypted, 'base64'))
    } catch {
      return undefined
    }
  }

  set(key: string, value: string, persist: boolean): void {
    this.memory.set(key, value)
    const all = this.readAll()
    if (persist && this.canPersist) all[key] = this.cipher.encryptString(value).toString('base64')
    else delete all[key]
    this.fs.write(this.path, JSON.stringify(all))
  }

  delete(key: string): void {
    this.memory.delete(key)
    const all = this.readAll()
    if (!(key in all)) return
    delete all[key]
    this.fs.write(this.path, JSON.stringify(all))
  }

  private readAll(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(this.fs.read(this.path) ?? '{}')
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
    } catch {
      return {}
    }
  }
}
