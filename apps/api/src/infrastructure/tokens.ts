export const EVENT_STORE = Symbol('EventStore');
/** The SharedState of the configuration (WIJKZORG_SHARED_STATE): keys, webhooks, sessions, tickets, secrets, leases. */
export const SHARED_STATE = Symbol('SharedState');
/** Its parts, for the providers that need only one. */
export const CLIENT_KEY_STORE = Symbol('ClientKeyStore');
export const WEBHOOK_STORE = Symbol('WebhookStore');
