import type { Position } from '@kurrent/kurrentdb-client';

/** Connection-string schemes the adapter accepts: the KurrentDB client's own and EventStoreDB's older `esdb`. */
export const KURRENTDB_URL_SCHEMES = ['kurrentdb:', 'kurrentdb+discover:', 'kurrent:', 'kurrent+discover:', 'kdb:', 'kdb+discover:', 'esdb:', 'esdb+discover:'] as const;

/** The connection string for the client: an `esdb` one is spelt `kurrentdb` (same meaning; the client warns about the old name). */
export function kurrentConnectionString(url: string): string {
  const scheme = KURRENTDB_URL_SCHEMES.find((s) => url.toLowerCase().startsWith(`${s}//`));
  if (!scheme) throw new Error(`a KurrentDB connection string starts with ${KURRENTDB_URL_SCHEMES.map((s) => `${s}//`).join(', ')}`);
  return scheme.startsWith('esdb') ? `kurrentdb${url.slice('esdb'.length)}` : url;
}

/**
 * A position in $all as one number. The server records events of an ordinary append with equal
 * commit and prepare positions (commit = prepare = the event's log position), so the prepare
 * position maps back to the exact ReadPosition; reads starting there are inclusive.
 */
export const toLogPosition = (p: number): Position => ({ commit: BigInt(p), prepare: BigInt(p) });
export function fromLogPosition(p: Position | undefined): number {
  const prepare = p?.prepare ?? 0n;
  // A log beyond 2^53 bytes (8 PiB) would lose precision as a number: refuse rather than misplace events.
  if (prepare > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`log position ${prepare} is beyond what a position number holds`);
  return Number(prepare);
}
