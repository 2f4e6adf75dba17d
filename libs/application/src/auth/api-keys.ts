import { randomUUID } from 'node:crypto';
import { Actor, ActorRole } from '@wijkzorg/domain';
import { EventStore } from '@wijkzorg/event-store';
import { apiKeyHash, newApiKey } from './tokens';

export const API_KEYS_STREAM = 'api-keys';
const CACHE_MS = 5000;
const RELOAD_UNKNOWN_MS = 250;

interface KeyRecord {
  actor: Actor;
  revoked: boolean;
}

/**
 * API keys for machine clients (integrators), event-sourced in the api-keys stream:
 * only the SHA-256 of a key is ever stored.
 */
export class ApiKeys {
  private cache: { at: number; keys: Map<string, KeyRecord> } | null = null;

  constructor(private readonly events: EventStore) {}

  async issue(actor: { role: ActorRole; id: string; wooncirkels?: string[]; organisation?: string }, issuedBy: Actor): Promise<string> {
    const key = newApiKey();
    await this.events.append(
      API_KEYS_STREAM,
      [
        {
          eventId: randomUUID(),
          type: 'ApiKeyIssued',
          schemaVersion: 1,
          data: { keyHash: apiKeyHash(key), role: actor.role, sub: actor.id, wooncirkels: actor.wooncirkels ?? null, organisation: actor.organisation ?? null },
          occurredAt: new Date().toISOString(),
          metadata: { actor: issuedBy, correlationId: randomUUID(), causationId: null, commandId: null },
        },
      ],
      'any',
    );
    this.cache = null;
    return key;
  }

  async revoke(keyHash: string, revokedBy: Actor): Promise<void> {
    await this.events.append(API_KEYS_STREAM, [{ eventId: randomUUID(), type: 'ApiKeyRevoked', schemaVersion: 1, data: { keyHash }, occurredAt: new Date().toISOString(), metadata: { actor: revokedBy, correlationId: randomUUID(), causationId: null, commandId: null } }], 'any');
    this.cache = null;
  }

  /**
   * The actor of a key, or null. Keys are cached for 5 s (a revocation takes effect within that); an
   * unknown key triggers a reload, at most every 250 ms, so a new key works at once.
   */
  async resolve(key: string): Promise<Actor | null> {
    return this.resolveHash(apiKeyHash(key));
  }

  /** As resolve, for a key known only by its hash (a browser session keeps no more than that). */
  async resolveHash(keyHash: string): Promise<Actor | null> {
    const age = this.cache ? Date.now() - this.cache.at : Infinity;
    if (age > CACHE_MS) await this.reload();
    let record = this.cache!.keys.get(keyHash);
    if (!record && age <= CACHE_MS && Date.now() - this.cache!.at > RELOAD_UNKNOWN_MS) {
      await this.reload();
      record = this.cache!.keys.get(keyHash);
    }
    return record && !record.revoked ? record.actor : null;
  }

  private async reload(): Promise<void> {
    const keys = new Map<string, KeyRecord>();
    for (const e of await this.events.readStream(API_KEYS_STREAM)) {
      // Keys issued before organisations existed carry no `organisation`.
      const d = e.data as { keyHash: string; role: ActorRole; sub: string; wooncirkels: string[] | null; organisation?: string | null };
      if (e.type === 'ApiKeyIssued') keys.set(d.keyHash, { actor: { role: d.role, id: d.sub, ...(d.wooncirkels ? { wooncirkels: d.wooncirkels } : {}), ...(d.organisation ? { organisation: d.organisation } : {}) }, revoked: false });
      if (e.type === 'ApiKeyRevoked' && keys.has(d.keyHash)) keys.get(d.keyHash)!.revoked = true;
    }
    this.cache = { at: Date.now(), keys };
  }
}
