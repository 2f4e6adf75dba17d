import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SECRET_NAMES, SecretStore } from '../shared-state/secrets';

/**
 * Integrators see pseudonyms, never the ids care organisations use: a keyed hash, stable per
 * deployment (the same client always gets the same pseudonym) and not reversible without the key.
 */
export class Pseudonymizer {
  constructor(private readonly key: Buffer) {}

  pseudonym(kind: string, id: string): string {
    return `${kind}-${createHmac('sha256', this.key).update(`${kind}:${id}`).digest('base64url').slice(0, 22)}`;
  }

  /** WIJKZORG_PSEUDONYM_KEY, else a key generated once into the shared secrets: every instance gives the same pseudonyms. */
  static async fromSecrets(env: { WIJKZORG_PSEUDONYM_KEY?: string }, secrets: SecretStore): Promise<Pseudonymizer> {
    if (env.WIJKZORG_PSEUDONYM_KEY) return new Pseudonymizer(Buffer.from(env.WIJKZORG_PSEUDONYM_KEY, 'utf8'));
    return new Pseudonymizer(Buffer.from(await secrets.getOrCreate(SECRET_NAMES.pseudonymKey, () => randomBytes(32).toString('base64')), 'utf8'));
  }

  static fromEnv(env: NodeJS.ProcessEnv, keyFile: string): Pseudonymizer {
    if (env.WIJKZORG_PSEUDONYM_KEY) return new Pseudonymizer(Buffer.from(env.WIJKZORG_PSEUDONYM_KEY, 'utf8'));
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    }
    return new Pseudonymizer(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'utf8'));
  }
}
