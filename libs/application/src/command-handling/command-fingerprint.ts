import { createHash, createHmac } from 'node:crypto';

/** JSON with object keys sorted at every level, so the same body always reads the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/**
 * What a command id is bound to: the command (type and body) on its target stream. Keyed with the
 * client's key where there is one, because a plain hash of a body holding a BSN could be reversed by
 * trying every BSN, and it stays in the immutable log; erasing the key makes it meaningless too.
 */
export function commandFingerprint(streamId: string, command: unknown, key?: Buffer): string {
  const canonical = canonicalJson({ streamId, command });
  return key ? `h1:${createHmac('sha256', key).update(canonical).digest('base64url')}` : `s1:${createHash('sha256').update(canonical).digest('base64url')}`;
}
