import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
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
