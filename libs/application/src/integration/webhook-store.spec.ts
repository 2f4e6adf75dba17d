import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteWebhookStore, Webhook, coarseReason } from './webhook-store';

const webhook = (id: string, owner = 'acme'): Webhook => ({ id, owner, url: `https://hooks.example.org/${id}`, eventTypes: ['BudgetAllocated'], secret: 's'.repeat(24), createdAt: new Date().toISOString(), active: true, cursor: 0 });

describe('SqliteWebhookStore: delivery state, limit, files from before', () => {
  it('opens a file written before delivery state existed, and reads its old failure texts coarsely', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'webhooks-')), 'webhooks.db');
    const old = new Database(path);
    old.exec(`CREATE TABLE webhooks (id TEXT PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL, secret TEXT NOT NULL, created_at TEXT NOT NULL, active INTEGER NOT NULL, cursor INTEGER NOT NULL);
      CREATE TABLE webhook_dead_letters (webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, failed_at TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (webhook_id, event_id));
      INSERT INTO webhooks VALUES ('w-old', 'acme', 'https://hooks.example.org/', '["BudgetAllocated"]', 'secret-secret-secret', '2026-01-01T00:00:00.000Z', 1, 7);
      INSERT INTO webhook_dead_letters VALUES ('w-old', 'e-1', 3, 5, 'connect ECONNREFUSED 10.0.0.7:6379', '2026-01-01T00:00:00.000Z', '{}');
      INSERT INTO webhook_dead_letters VALUES ('w-old', 'e-2', 4, 5, 'HTTP 503', '2026-01-01T00:00:00.000Z', '{}');`);
    old.close();
    const store = new SqliteWebhookStore(path);
    expect(store.get('w-old')).toMatchObject({ cursor: 7, active: true });
    expect(store.deliveryState('w-old')).toEqual({ lastDeliveredAt: null, lastFailureAt: null, lastFailureReason: null, consecutiveFailures: 0, deadLetters: 2, backingOffUntil: null });
    expect(store.deadLetters('w-old').map((l) => l.lastError)).toEqual(['unreachable', 'http_503']);
    store.close();
  });

  it('counts failures until a delivery, and keeps at most the limit of active webhooks per owner', () => {
    const store = new SqliteWebhookStore(join(mkdtempSync(join(tmpdir(), 'webhooks-')), 'webhooks.db'));
    store.add(webhook('w-1'));
    store.recordFailure('w-1', 'timeout', '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:01.000Z');
    store.recordFailure('w-1', 'http_502', '2026-03-01T10:00:02.000Z', null);
    expect(store.deliveryState('w-1')).toMatchObject({ lastFailureReason: 'http_502', lastFailureAt: '2026-03-01T10:00:02.000Z', consecutiveFailures: 2, backingOffUntil: null });
    store.recordDelivered('w-1', '2026-03-01T10:00:03.000Z');
    expect(store.deliveryState('w-1')).toMatchObject({ lastDeliveredAt: '2026-03-01T10:00:03.000Z', lastFailureReason: 'http_502', consecutiveFailures: 0 });

    expect(store.addWithinLimit(webhook('w-2'), 2)).toBe(true);
    expect(store.addWithinLimit(webhook('w-3'), 2)).toBe(false);
    expect(store.addWithinLimit(webhook('w-4', 'other'), 2)).toBe(true);
    store.deactivate('w-1');
    expect(store.addWithinLimit(webhook('w-3'), 2)).toBe(true);
    expect(
      store
        .list('acme')
        .map((w) => w.id)
        .sort(),
    ).toEqual(['w-1', 'w-2', 'w-3']);
    store.close();
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
