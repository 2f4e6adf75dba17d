import Database from 'better-sqlite3';
import { FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Observable, share } from 'rxjs';

export interface AppendSignalOptions {
  /** How often the file is looked at without a file-system event. Default 1000 ms; at most 100 ms once watching fails. */
  fallbackPollMs?: number;
  /** Starts the file-system watch on the folder (default `fs.watch`); a watch that throws leaves only the fallback poll. */
  watch?: (folder: string, listener: (event: string, filename: string | null) => void) => FSWatcher;
}

/**
 * A write to the WAL comes before its commit is visible (the writer syncs the WAL first, then publishes the commit in
 * the shared-memory index, which no watch sees): look again every millisecond while a sync usually takes, then less often.
 */
const SETTLE_DELAYS_MS = [...Array<number>(25).fill(1), 2, 5, 10, 25, 50, 100, 250];

/** Without a working watch the poll is the only wake-up: as often as live readers polled before there was a watch. */
const WATCHLESS_POLL_MS = 100;

/**
 * A wake-up for everyone who reads a SQLite file that other connections (other processes) write: emits soon
 * after any commit to it, and sometimes without one. A write to `<file>-wal` is seen through a watch on the
 * folder (inotify on Linux; the folder, because the WAL file comes and goes); `PRAGMA data_version` on a
 * connection of its own then says whether a commit really became visible, and is asked again a few times
 * while the writer's commit settles. The same question every `fallbackPollMs` covers a missed or failed watch.
 * Shared: one watch and one connection while anyone listens, none after.
 */
export function appendSignal(path: string, options: AppendSignalOptions = {}): Observable<void> {
  const fallbackPollMs = options.fallbackPollMs ?? 1000;
  const startWatch = options.watch ?? ((folder, listener) => watch(folder, { persistent: false }, listener));
  return new Observable<void>((subscriber) => {
    const file = basename(path);
    let db: Database.Database | undefined;
    let seenVersion = 0;
    let settle: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    let attempt = 0;
    const changed = (): boolean => {
      try {
        db ??= new Database(path, { fileMustExist: true });
        const version = db.pragma('data_version', { simple: true }) as number;
        if (version === seenVersion) return false;
        seenVersion = version;
        return true;
      } catch {
        // Cannot look (file gone, locked out): wake the readers, who will find out themselves.
        db?.close();
        db = undefined;
        return true;
      }
    };
    const look = () => {
      settle = undefined;
      immediate = undefined;
      if (subscriber.closed) return;
      if (changed()) {
        attempt = 0;
        subscriber.next();
      } else if (attempt < SETTLE_DELAYS_MS.length) {
        settle = setTimeout(look, SETTLE_DELAYS_MS[attempt++]);
      }
    };
    const onFileEvent = (_event: string, filename: string | null) => {
      if (filename !== null && !filename.startsWith(file)) return; // another store's file in the same folder
      attempt = 0;
      clearTimeout(settle);
      settle = undefined;
      immediate ??= setImmediate(look);
    };
    changed(); // the version to compare with: readers catch up by themselves when they start
    const lookNow = () => {
      if (!subscriber.closed && changed()) subscriber.next();
    };
    let poll = setInterval(lookNow, fallbackPollMs);
    const watchFailed = () => {
      if (subscriber.closed) return;
      clearInterval(poll);
      poll = setInterval(lookNow, Math.min(fallbackPollMs, WATCHLESS_POLL_MS));
    };
    let watcher: FSWatcher | undefined;
    try {
      watcher = startWatch(dirname(path), onFileEvent);
      watcher.on('error', () => {
        watcher?.close();
        watchFailed();
      });
    } catch {
      watcher = undefined;
      watchFailed();
    }
    return () => {
      clearTimeout(settle);
      clearImmediate(immediate);
      clearInterval(poll);
      watcher?.close();
      db?.close();
    };
  }).pipe(share());
}
