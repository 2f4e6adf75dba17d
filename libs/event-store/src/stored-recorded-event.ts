import { RecordedEvent, eventWith } from './event-store.port';

/** The columns every row-based store reads, in this order; the position is text where the driver returns a bigint so. */
export type StoredEventRow = [position: number | string, streamId: string, revision: number, eventId: string, type: string, schemaVersion: number, occurredAt: string, recordedAt: string, metadata: string, data: string, hash?: Buffer];

/**
 * An event read from a store's rows (SQLite, PostgreSQL). Metadata and data are parsed on first use: projections skip most event
 * types, and parsing is most of the cost of reading. Plain-object views come from toJSON().
 */
export class StoredRecordedEvent implements RecordedEvent {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  private readonly hashBytes: Buffer | undefined;
  private metadataJson: string | null;
  private dataJson: string | null;
  private parsedMetadata: RecordedEvent['metadata'] | undefined;
  private parsedData: unknown;

  constructor(row: StoredEventRow) {
    // Index access, not array destructuring: this runs once per event read.
    this.globalPosition = typeof row[0] === 'number' ? row[0] : Number(row[0]); // PostgreSQL returns bigint as text
    this.streamId = row[1];
    this.revision = row[2];
    this.eventId = row[3];
    this.type = row[4];
    this.schemaVersion = row[5];
    this.occurredAt = row[6];
    this.recordedAt = row[7];
    this.metadataJson = row[8];
    this.dataJson = row[9];
    this.hashBytes = row[10];
    // Assigned here, not on first use: every event object keeps one shape, so reads of its fields stay monomorphic.
    this.parsedMetadata = undefined;
    this.parsedData = undefined;
  }

  get metadata(): RecordedEvent['metadata'] {
    if (this.metadataJson !== null) {
      this.parsedMetadata = JSON.parse(this.metadataJson);
      this.metadataJson = null;
    }
    return this.parsedMetadata!;
  }

  get hash(): string | undefined {
    return this.hashBytes?.toString('hex');
  }

  get data(): unknown {
    if (this.dataJson !== null) {
      this.parsedData = JSON.parse(this.dataJson);
      this.dataJson = null;
    }
    return this.parsedData;
  }

  toJSON(): RecordedEvent {
    return eventWith(this);
  }
}
