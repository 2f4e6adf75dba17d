/**
 * Per-client encryption keys, shared by every api instance. Erasing a client's key makes its personal data
 * unreadable forever, on every instance at once: implementations keep no cache that outlives one call.
 * Stored keys are wrapped by a KeyWrapper (key-encryption key); only the wrapped form is ever written.
 */
export interface ClientKeyStore {
  /** The client's key; created on first use (when `create`) unless the client was erased (then null). */
  keyFor(clientId: string, create: boolean): Promise<Buffer | null>;
  erase(clientId: string): Promise<void>;
  isErased(clientId: string): Promise<boolean>;
  /**
   * The client's access-log reference: an opaque id that stands for the client in the access log,
   * created on first use (when `create`) unless the client was erased (then null). Erasure unlinks it for good.
   */
  accessRef(clientId: string, create: boolean): Promise<string | null>;
  /** Whose access-log reference this is, while that client is not erased. */
  clientOfAccessRef(ref: string): Promise<string | null>;
  close(): Promise<void>;
}

/**
 * Wraps client keys with a key-encryption key before they are stored (envelope encryption). The local
 * implementation uses WIJKZORG_KEY_ENCRYPTION_KEY; a KMS or Vault transit engine fits the same interface.
 * `clientId` is bound to the wrapped key (associated data), so a wrapped key moved to another client fails.
 */
export interface KeyWrapper {
  /** Names the key-encryption key, stored with each wrapped key so keys can be rotated. */
  readonly keyId: string;
  wrap(clientId: string, key: Buffer): Promise<Buffer>;
  unwrap(clientId: string, wrapped: Buffer, keyId: string): Promise<Buffer>;
}
