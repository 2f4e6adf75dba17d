import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { personalPaths } from '@wijkzorg/domain';
import { ClientKeyStore } from './client-key-store';
import { mapAtPath } from './data-paths';

/**
 * The client's key as one load reads it: looked up on first use and at most once per load (the snapshot and the events
 * after it alike). Made per load and dropped with it, never kept longer: an erasure holds from the next load on.
 */
export type ClientKeyOfLoad = () => Promise<Buffer | null>;

/** What personal data looks like once its key is gone. */
export const ERASED = '[gewist]';
const ENCRYPTED = '$enc';

type Sealed = { [ENCRYPTED]: string };
export const isSealed = (v: unknown): v is Sealed => v !== null && typeof v === 'object' && typeof (v as Sealed)[ENCRYPTED] === 'string';

function hasSealed(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (isSealed(value)) return true;
  if (Array.isArray(value)) return value.some(hasSealed);
  for (const key in value) if (hasSealed((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * `value` with every sealed value in it opened, in one walk: objects and lists on the way to a sealed value are
 * copied, the rest is shared with `value` (returned as is when nothing in it is sealed).
 */
function revealed(value: unknown, open: (sealed: Sealed) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isSealed(value)) return open(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = revealed(value[i], open);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    const item = revealed(field, open);
    if (item !== field) (copy ??= { ...value })[key] = item;
  }
  return copy ?? value;
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

  /** A key lookup for one load of the client's stream (see ClientKeyOfLoad). */
  keyOfLoad(clientId: string): ClientKeyOfLoad {
    let key: Promise<Buffer | null> | undefined;
    return () => (key ??= this.keys.keyFor(clientId, false));
  }

  /**
   * Decrypts what can be decrypted; sealed fields whose key was erased read as ERASED. Given the event
   * type, the plain personal fields of an erased client (written before they were classified) do too.
   */
  async reveal(streamId: string, data: unknown, type?: string): Promise<unknown> {
    return (await this.revealAll(streamId, [{ data, type }]))[0];
  }

  /**
   * The data of events of one stream revealed with one key lookup (not one per event: replays stay fast), or with the
   * load's own lookup where the caller read a snapshot of the stream with it.
   */
  async revealAll(streamId: string, events: { data: unknown; type?: string }[], keyOfLoad?: ClientKeyOfLoad): Promise<unknown[]> {
    const clientId = PersonalDataCipher.clientOf(streamId);
    if (!clientId) return events.map((e) => e.data);
    let key: Buffer | null | undefined;
    let erased: boolean | undefined;
    const out: unknown[] = [];
    for (const { data, type } of events) {
      const paths = type ? personalPaths(type) : [];
      if (data === null || typeof data !== 'object') {
        out.push(data);
        continue;
      }
      // The key is looked up at the first event that has a sealed field or a personal one by the catalog.
      let opened: unknown = data;
      if (key === undefined && (paths.length || hasSealed(data))) key = await (keyOfLoad ?? this.keyOfLoad(clientId))();
      if (key !== undefined) opened = revealed(data, (v) => (key ? decrypt(key, v[ENCRYPTED]) : ERASED));
      if (key || paths.length === 0 || !(erased ??= await this.keys.isErased(clientId))) {
        out.push(opened);
        continue;
      }
      let masked = opened;
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
  const plain = decipher.update(raw.subarray(28));
  decipher.final(); // checks the tag (throws on a forged value) and, GCM being a stream cipher, adds no bytes
  return JSON.parse(plain.toString('utf8'));
}
