import { EventOf } from '../shared';

/** Why person-level data is read (NEN 7513 asks that every access to a health record says why). */
export const ACCESS_PURPOSES = ['zorgverlening', 'audit', 'klachtbehandeling', 'juridisch', 'beheer', 'onderzoek'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

/**
 * One read of person-level data: who (in the metadata), which clients, what, why, when. Stream: access-log-<YYYY-MM-DD>.
 * Clients appear as access references (kept beside their keys): after a client's erasure the log still
 * shows that someone was read, no longer who. v1 held plain `clientIds`.
 */
export const PERSONAL_DATA_ACCESSED_VERSION = 2;
export type PersonalDataAccessed = EventOf<'PersonalDataAccessed', { clientRefs: string[]; resource: string; purpose: AccessPurpose; query: string | null }>;

export const accessLogStream = (at: string) => `access-log-${at.slice(0, 10)}`;
