import { Doc } from '../../read-model-store.port';

/** 'transfer': a transfer into a full team waits on the target wooncirkel's wachtlijst; 'indicatie': an aanvraag waits for the issuer's decision. */
export const WAIT_KINDS = ['care', 'housing', 'daginvulling', 'transfer', 'indicatie'] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];
export const WAIT_STATUSES = ['urgent', 'actief_wachtend', 'wacht_op_voorkeur', 'niet_actief_wachtend'] as const;
export type WaitStatus = (typeof WAIT_STATUSES)[number];

/**
 * How a closed wait ended: the client got what it waited for, its data was erased, or its trajectory closed (see
 * `closureReason`); an aanvraag can also be refused by the issuer or withdrawn (see `closureReason` for the code).
 */
export const WAIT_ENDINGS = ['served', 'erased', 'closed', 'refused', 'withdrawn'] as const;
export type WaitEnding = (typeof WAIT_ENDINGS)[number];

/** Where a wait was for a while: a transfer ends one segment and starts the next, so past months keep their place. */
export interface WaitSegment {
  wijkCode: string;
  gemeenteCode: string;
  wooncirkelId: string;
  from: string;
  to: string | null;
}

/**
 * One wait of one client for one thing: its own entry, with its own `waitId` (client, kind and the
 * global position of the event that started it). Stays in the read model when closed, for history and
 * waiting-time statistics; a later wait of the same kind is a new entry.
 */
export interface WaitlistEntry extends Doc {
  waitId: string;
  clientId: string;
  kind: WaitKind;
  wooncirkelId: string;
  wijkCode: string;
  gemeenteCode: string;
  since: string;
  urgency: string;
  status: WaitStatus;
  open: boolean;
  requestedIntensity: string | null;
  closedAt: string | null;
  waitedDays: number | null;
  endedBy: WaitEnding | null;
  /** For a wait ended by the trajectory's closure: the closure reason (hersteld, overleden, ...). */
  closureReason?: string;
  /** Where the wait was, in order; the last one is where it is (or ended). `since` stays the start of the whole wait. */
  segments: WaitSegment[];
  /** Kind indicatie: the legal decision term of the aanvraag (IndicatieRequested.decideBefore). */
  decideBefore?: string;
}
