import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FencedOutError, Webhook, coarseReason } from '@wijkzorg/application';
import { SqliteWebhookStore } from './sqlite-webhook-store';

const webhook = (id: string, owner = 'acme'): Webhook => ({ id, owner, url: `https://hooks.example.org/${id}`, eventTypes: ['BudgetAllocated'], secret: 's'.repeat(24), createdAt: new Date().toISOString(), active: true, cursor: 0 });

describe('SqliteWebhookStore: delivery state, limit, files from before', () => {
  it('opens a file written before delivery state existed, and reads its old failure texts coarsely', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'webhooks-')), 'webhooks.db');
    const old = new Database(path);
    old.exec(`CREATE TABLE webhooks (id TEXT PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL, active INTEGER NOT NULL, cursor INTEGER NOT NULL);
      CREATE TABLE webhook_dead_letters (webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, failed_at TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (webhook_id, event_id));
      INSERT INTO webhooks VALUES ('w-old', 'acme', 'https://hooks.example.org/', '["BudgetAllocated"]', 'secret-secret-secret', '2026-01-01T00:00:00.000Z', 1, 7);
      INSERT INTO webhook_dead_letters VALUES ('w-old', 'e-1', 3, 5, 'connect ECONNREFUSED 10.0.0.7:6379', '2026-01-01T00:00:00.000Z', '{}');
      INSERT INTO webhook_dead_letters VALUES ('w-old', 'e-2', 4, 5, 'HTTP 503', '2026-01-01T00:00:00.000Z', '{}');`);
    old.close();
    const store = new SqliteWebhookStore(path);
    expect(await store.get('w-old')).toMatchObject({ cursor: 7, active: true });
    expect(await store.deliveryState('w-old')).toEqual({ lastDeliveredAt: null, lastFailureAt: null, lastFailureReason: null, consecutiveFailures: 0, deadLetters: 2, backingOffUntil: null });
    expect((await store.deadLetters('w-old')).map((l) => l.lastError)).toEqual(['unreachable', 'http_503']);
    await store.close();
  });

  it('counts failures until a delivery, and keeps at most the limit of active webhooks per owner', async () => {
    const store = new SqliteWebhookStore(join(mkdtempSync(join(tmpdir(), 'webhooks-')), 'webhooks.db'));
    await store.add(webhook('w-1'));
    await store.recordFailure('w-1', 'timeout', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:01.000Z');
    await store.recordFailure('w-1', 'http_502', '2026-03-01T10:00:02.000Z', null);
    expect(await store.deliveryState('w-1')).toMatchObject({ lastFailureReason: 'http_502', lastFailureAt: '2026-03-01T10:00:02.000Z', consecutiveFailures: 2, backingOffUntil: null });
    await store.recordDelivered('w-1', '2026-03-01T10:00:03.000Z');
    expect(await store.deliveryState('w-1')).toMatchObject({ lastDeliveredAt: '2026-03-01T10:00:03.000Z', lastFailureReason: 'http_502', consecutiveFailures: 0 });

    expect(await store.addWithinLimit(webhook('w-2'), 2)).toBe(true);
    expect(await store.addWithinLimit(webhook('w-3'), 2)).toBe(false);
    expect(await store.addWithinLimit(webhook('w-4', 'other'), 2)).toBe(true);
    await store.deactivate('w-1');
    expect(await store.addWithinLimit(webhook('w-3'), 2)).toBe(true);
    expect((await store.list('acme')).map((w) => w.id).sort()).toEqual(['w-1', 'w-2', 'w-3']);
    await store.close();
  });

  it('fences cursor moves and dead letters: a token older than the newest seen writes nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'webhooks-')), 'webhooks.db');
    const store = new SqliteWebhookStore(path);
    const other = new SqliteWebhookStore(path);
    await store.add(webhook('w-f'));
    await store.moveCursor('w-f', 5, 1);
    // Another process took the lease over (token 2) and moved on.
    await other.moveCursor('w-f', 9, 2);
    await expect(store.moveCursor('w-f', 12, 1)).rejects.toBeInstanceOf(FencedOutError);
    const letter = { webhookId: 'w-f', eventId: 'e-13', position: 13, attempts: 5, lastError: 'timeout', failedAt: '2026-03-01T10:00:00.000Z', payload: '{}' };
    await expect(store.deadLetter(letter, 1)).rejects.toThrow('webhook:w-f: fencing token 1 is older than 2');
    expect([(await other.get('w-f'))!.cursor, (await other.deadLetters('w-f')).length]).toEqual([9, 0]);
    // The newest holder and an unfenced writer (no token) still move it; the cursor never moves back.
    await other.deadLetter(letter, 2);
    await store.moveCursor('w-f', 4);
    expect([(await store.get('w-f'))!.cursor, (await store.deadLetters('w-f')).length]).toEqual([13, 1]);
    await store.close();
    await other.close();
  });

  it.each([
    ['HTTP 500', 'http_500'],
    ['http_404', 'http_404'],
    ['timeout', 'timeout'],
    ['refused_by_policy', 'refused_by_policy'],
    ['getaddrinfo ENOTFOUND internal.example', 'unreachable'],
    ['fetch failed', 'unreachable'],
  ])('reads the failure text %s as %s', (text, reason) => {
    expect(coarseReason(text)).toBe(reason);
  });
});
