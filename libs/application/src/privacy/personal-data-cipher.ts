import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { personalPaths } from '@wijkzorg/domain';
import { ClientKeyStore } from './client-key-store';
import { mapAtPath } from './data-paths';

/** What personal data looks like once its key is gone. */
export const ERASED = '[gewist]';
const ENCRYPTED = '$enc';

type Sealed = { [ENCRYPTED]: string };
export const isSealed = (v: unknown): v is Sealed => v !== null && typeof v === 'object' && typeof (v as Sealed)[ENCRYPTED] === 'string';

function hasSealed(value: unknown): boolean {
  if (isSealed(value)) return true;
  if (Array.isArray(value)) return value.some(hasSealed);
  return value !== null && typeof value === 'object' && Object.values(value).some(hasSealed);
}

function revealAll(value: unknown, open: (sealed: Sealed) => unknown): unknown {
  if (isSealed(value)) return open(value);
  if (Array.isArray(value)) return value.map((v) => revealAll(v, open));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealAll(v, open)]));
}

/**
 * Crypto-shredding (AVG art. 17): the fields of client events that the event catalog classifies as
 * identifying or personal text (nested paths included) are stored encrypted with the client's own key
 * (AES-256-GCM). Deleting the key erases them from every copy of the log at once, while the events —
 * and every aggregate built on them — remain. Personal fields that older schema versions kept in plain
 * text read as erased too once the client is erased.
 */
export class PersonalDataCipher {
  constructor(readonly keys: ClientKeyStore) {}

  static clientOf(streamId: string): string | null {
    return streamId.startsWith('client-') ? streamId.slice('client-'.length) : null;
  }

  async seal(streamId: string, type: string, data: unknown): Promise<unknown> {
    return (await this.sealAll(streamId, [{ type, data }]))[0];
  }

  /** Seals the events of one append with one key lookup. */
  async sealAll(streamId: string, events: { type: string; data: unknown }[]): Promise<unknown[]> {
    const clientId = PersonalDataCipher.clientOf(streamId);
    if (!clientId || events.every((e) => personalPaths(e.type).length === 0)) return events.map((e) => e.data);
    const key = await this.keys.keyFor(clientId, true);
    if (!key) throw new Error(`personal data of client ${clientId} was erased; nothing personal can be recorded for it`);
    return events.map(({ type, data }) => {
      let sealed = data;
      for (const path of personalPaths(type)) sealed = mapAtPath(sealed, path, (v) => (v === undefined ? v : encrypt(key, v)));
      return sealed;
    });
  }

  /**
   * A key for command fingerprints of a client stream, derived from (never equal to) the client's key:
   * undefined for other streams, null once the client's key was erased.
   */
  async fingerprintKey(streamId: string): Promise<Buffer | null | undefined> {
    const clientId = PersonalDataCipher.clientOf(streamId);
    if (!clientId) return undefined;
    const key = await this.keys.keyFor(clientId, true);
    return key ? createHmac('sha256', key).update('wijkzorg:command-fingerprint').digest() : null;
  }

  /**
   * Decrypts what can be decrypted; sealed fields whose key was erased read as ERASED. Given the event
   * type, the plain personal fields of an erased client (written before they were classified) do too.
   */
  async reveal(streamId: string, data: unknown, type?: string): Promise<unknown> {
    return (await this.revealAll(streamId, [{ data, type }]))[0];
  }

  /** The data of events of one stream revealed with one key lookup (not one per event: replays stay fast). */
  async revealAll(streamId: string, events: { data: unknown; type?: string }[]): Promise<unknown[]> {
    const clientId = PersonalDataCipher.clientOf(streamId);
    if (!clientId) return events.map((e) => e.data);
    // Looked at once per event: which fields are sealed, which are personal by the catalog.
    const plans = events.map(({ data, type }) => (data !== null && typeof data === 'object' ? { sealed: hasSealed(data), paths: type ? personalPaths(type) : [] } : { sealed: false, paths: [] }));
    if (plans.every((p) => !p.sealed && p.paths.length === 0)) return events.map((e) => e.data);
    const key = await this.keys.keyFor(clientId, false);
    let erased: boolean | undefined;
    const out: unknown[] = [];
    for (const [i, { data }] of events.entries()) {
      const { sealed, paths } = plans[i];
      const revealed = sealed ? revealAll(data, (v) => (key ? decrypt(key, v[ENCRYPTED]) : ERASED)) : data;
      if (key || paths.length === 0 || !(erased ??= await this.keys.isErased(clientId))) {
        out.push(revealed);
        continue;
      }
      let masked = revealed;
      for (const path of paths) masked = mapAtPath(masked, path, (v) => (v === undefined ? v : ERASED));
      out.push(masked);
    }
    return out;
  }
}

function encrypt(key: Buffer, value: unknown): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { [ENCRYPTED]: `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}` };
}

function decrypt(key: Buffer, sealed: string): unknown {
  const raw = Buffer.from(sealed.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}
