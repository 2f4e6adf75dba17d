import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { CATALOG_BY_TYPE } from '@wijkzorg/domain';
import { ClientKeyStore } from './client-key-store';

/** What personal data looks like once its key is gone. */
export const ERASED = '[gewist]';
const ENCRYPTED = '$enc';

type Sealed = { [ENCRYPTED]: string };
const isSealed = (v: unknown): v is Sealed => v !== null && typeof v === 'object' && typeof (v as Sealed)[ENCRYPTED] === 'string';

/**
 * Crypto-shredding (AVG art. 17): the personal-data fields of client events (per the event catalog)
 * are stored encrypted with the client's own key (AES-256-GCM). Deleting the key erases them from
 * every copy of the log at once, while the events — and every aggregate built on them — remain.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: ClientKeyStore) {}

  private static clientOf(streamId: string): string | null {
    return streamId.startsWith('client-') ? streamId.slice('client-'.length) : null;
  }

  seal(streamId: string, type: string, data: unknown): unknown {
    const clientId = PersonalDataCipher.clientOf(streamId);
    const paths = CATALOG_BY_TYPE.get(type)?.personalData ?? [];
    if (!clientId || paths.length === 0) return data;
    const key = this.keys.keyFor(clientId, true);
    if (!key) throw new Error(`personal data of client ${clientId} was erased; nothing personal can be recorded for it`);
    const copy = { ...(data as Record<string, unknown>) };
    for (const field of paths) {
      if (copy[field] === undefined) continue;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(copy[field]), 'utf8'), cipher.final()]);
      copy[field] = { [ENCRYPTED]: `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}` };
    }
    return copy;
  }

  /**
   * A key for command fingerprints of a client stream, derived from (never equal to) the client's key:
   * undefined for other streams, null once the client's key was erased.
   */
  fingerprintKey(streamId: string): Buffer | null | undefined {
    const clientId = PersonalDataCipher.clientOf(streamId);
    if (!clientId) return undefined;
    const key = this.keys.keyFor(clientId, true);
    return key ? createHmac('sha256', key).update('wijkzorg:command-fingerprint').digest() : null;
  }

  /** Decrypts what can be decrypted; fields whose key was erased read as ERASED. */
  reveal(streamId: string, data: unknown): unknown {
    const clientId = PersonalDataCipher.clientOf(streamId);
    if (!clientId || data === null || typeof data !== 'object') return data;
    const entries = Object.entries(data as Record<string, unknown>);
    if (!entries.some(([, v]) => isSealed(v))) return data;
    const key = this.keys.keyFor(clientId, false);
    return Object.fromEntries(entries.map(([field, v]) => [field, isSealed(v) ? (key ? decrypt(key, v[ENCRYPTED]) : ERASED) : v]));
  }
}

function decrypt(key: Buffer, sealed: string): unknown {
  const raw = Buffer.from(sealed.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}
