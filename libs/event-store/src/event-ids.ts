import { createHash, randomUUID } from 'node:crypto';

/** RFC 4122 version-5 style UUID from a name: the same command id always yields the same event ids. */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update('wijkzorg:').update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function eventIdFor(commandId: string | null, streamId: string, index: number): string {
  return commandId ? deterministicUuid(`${commandId}/${streamId}/${index}`) : randomUUID();
}
