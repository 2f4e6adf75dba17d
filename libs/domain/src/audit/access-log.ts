import { EventOf } from '../shared';

/** Why person-level data is read (NEN 7513 asks that every access to a health record says why). */
export const ACCESS_PURPOSES = ['zorgverlening', 'audit', 'klachtbehandeling', 'juridisch', 'beheer', 'onderzoek'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

/**
 * One read of person-level data: who (in the metadata), which clients, what, why, when. Stream: access-log-<YYYY-MM-DD>-<n>
 * (access-log-<YYYY-MM-DD> before partitioning; the projection reads both by event type).
 * Clients appear as access references (kept beside their keys): after a client's erasure the log still
 * shows that someone was read, no longer who. v1 held plain `clientIds`.
 */
export const PERSONAL_DATA_ACCESSED_VERSION = 2;
export type PersonalDataAccessed = EventOf<'PersonalDataAccessed', { clientRefs: string[]; resource: string; purpose: AccessPurpose; query: string | null }>;

/** Partitions of a day's access log: concurrent reads append to different streams instead of racing for one. */
export const ACCESS_LOG_PARTITIONS = 16;

/**
 * The access-log stream of one read: its day and a partition chosen by hashing `partitionKey` (a
 * request's own id spreads concurrent reads evenly). Order within a partition does not matter, so
 * the appends go with 'any' expected revision.
 */
export const accessLogStream = (at: string, partitionKey: string) => `access-log-${at.slice(0, 10)}-${fnv1a(partitionKey) % ACCESS_LOG_PARTITIONS}`;

/** 32-bit FNV-1a: a small, stable spread of strings over partitions (not a cryptographic hash). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
