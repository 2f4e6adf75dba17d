import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyWrapper } from './client-key-store';

/**
 * Wraps client keys with a key-encryption key held in configuration (WIJKZORG_KEY_ENCRYPTION_KEY):
 * AES-256-GCM, the client id as associated data. Older key-encryption keys stay usable for unwrapping
 * (rotation: configure the new key, keep the old ones under their ids, rewrap at leisure).
 */
export class LocalKeyWrapper implements KeyWrapper {
  readonly keyId: string;
  private readonly keys: Map<string, Buffer>;

  constructor(current: { id: string; key: Buffer }, previous: { id: string; key: Buffer }[] = []) {
    for (const k of [current, ...previous]) if (k.key.length !== 32) throw new Error(`key-encryption key ${k.id} must be 32 bytes, got ${k.key.length}`);
    this.keyId = current.id;
    this.keys = new Map([current, ...previous].map((k) => [k.id, k.key]));
  }

  /** The configured key (base64 of 32 bytes); its id defaults to a short digest, so it is never the key itself. */
  static fromBase64(base64: string, id?: string): LocalKeyWrapper {
    const key = Buffer.from(base64, 'base64');
    return new LocalKeyWrapper({ id: id ?? `kek-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`, key });
  }

  async wrap(clientId: string, key: Buffer): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.keyId)!, iv);
    cipher.setAAD(Buffer.from(`wijkzorg:client-key:${clientId}`, 'utf8'));
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  async unwrap(clientId: string, wrapped: Buffer, keyId: string): Promise<Buffer> {
    const kek = this.keys.get(keyId);
    if (!kek) throw new Error(`client key of ${clientId} is wrapped with key-encryption key ${keyId}, which is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
    decipher.setAAD(Buffer.from(`wijkzorg:client-key:${clientId}`, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}

/** Settings that choose the key-encryption keys (see the configuration schema). */
export interface KeyEncryptionSettings {
  WIJKZORG_KEY_ENCRYPTION_KEY?: string;
  WIJKZORG_KEY_ENCRYPTION_KEY_ID?: string;
  /** Earlier keys still unwrapping, `id:base64,…`. */
  WIJKZORG_KEY_ENCRYPTION_KEYS_PREVIOUS?: string;
}

/**
 * The configured key-encryption key with its predecessors; without one (the embedded store outside
 * production: the configuration refuses that elsewhere) a key generated once into `keyFile`, readable
 * by the owner only, like the token secret beside it.
 */
export function loadKeyWrapper(settings: KeyEncryptionSettings, keyFile: string): LocalKeyWrapper {
  const previous = (settings.WIJKZORG_KEY_ENCRYPTION_KEYS_PREVIOUS ?? '')
    .split(',')
    .filter((entry) => entry.trim())
    .map((entry) => {
      const [id, key] = entry.trim().split(':');
      return { id, key: Buffer.from(key, 'base64') };
    });
  let base64 = settings.WIJKZORG_KEY_ENCRYPTION_KEY;
  if (!base64) {
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      try {
        writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first: use theirs
      }
      chmodSync(keyFile, 0o600);
    }
    base64 = readFileSync(keyFile, 'utf8').trim();
  }
  const current = LocalKeyWrapper.fromBase64(base64, settings.WIJKZORG_KEY_ENCRYPTION_KEY_ID);
  return previous.length ? new LocalKeyWrapper({ id: current.keyId, key: Buffer.from(base64, 'base64') }, previous) : current;
}
