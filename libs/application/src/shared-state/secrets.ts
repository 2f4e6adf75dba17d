/**
 * Deployment-wide secrets that every instance must share (the token secret, the pseudonym key, the
 * checkpoint signing key) when they are not given in the configuration. Only outside production: in
 * production (NODE_ENV=production) each must come from the configuration and the service refuses to
 * start without it.
 */
export interface SecretStore {
  /**
   * The stored value of `name`; when there is none yet, stores `create()` — unless another instance was
   * first, whose value is returned instead. Every instance therefore ends up with the same value.
   */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/** The names of the generated secrets (outside production), as every SecretStore keeps them. */
export const SECRET_NAMES = { tokenSecret: 'token-secret', pseudonymKey: 'pseudonym-key', anchorSigningKey: 'anchor-signing-key' } as const;
