import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ChainAnchor } from '../chain';

/**
 * A signed statement of the log's head: "at this time the log held `eventCount` events, the last at
 * `position`, and its hash there was `hash`". Checkpoints chain to each other through `previous`
 * (the digest of the one before), so removing one from the middle of a copy shows.
 */
export interface HeadCheckpoint {
  /** 1, 2, 3, … in the order taken. */
  sequence: number;
  position: number;
  /** Log hash (hex) at `position`: the chain hash there (SQLite) or the log digest (EventStoreDB). */
  hash: string;
  eventCount: number;
  recordedAt: string;
  /** Digest (hex) of the previous checkpoint's signed statement; 64 zeros for the first. */
  previous: string;
  /** Which key signed: the first 16 hex characters of the SHA-256 of its public key (SPKI DER). */
  keyId: string;
  /** Ed25519 signature (base64) over signedStatement(checkpoint). */
  signature: string;
}

export const CHECKPOINT_ALGORITHM = 'Ed25519';
export const NO_PREVIOUS_CHECKPOINT = '0'.repeat(64);

/** The exact bytes signed, one field a line, so anyone can rebuild them without a JSON canonicaliser. */
export function signedStatement(c: Omit<HeadCheckpoint, 'signature'>): string {
  return `wijkzorg-checkpoint-v1\n${c.sequence}\n${c.position}\n${c.hash}\n${c.eventCount}\n${c.recordedAt}\n${c.previous}\n${c.keyId}`;
}

export function checkpointDigest(c: HeadCheckpoint): string {
  return createHash('sha256').update(signedStatement(c)).digest('hex');
}

export const anchorOf = (c: HeadCheckpoint): ChainAnchor & { eventCount: number } => ({ position: c.position, hash: c.hash, eventCount: c.eventCount });

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

/** The public half, as published for third parties. */
export interface PublishedKey {
  algorithm: typeof CHECKPOINT_ALGORITHM;
  keyId: string;
  publicKeyPem: string;
}

/** Checks checkpoint signatures against one public key. */
export class CheckpointVerifier {
  readonly keyId: string;

  constructor(readonly publicKey: KeyObject) {
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`checkpoint keys are Ed25519, not ${publicKey.asymmetricKeyType}`);
    this.keyId = keyIdOf(publicKey);
  }

  static fromPem(pem: string): CheckpointVerifier {
    return new CheckpointVerifier(createPublicKey(pem));
  }

  get published(): PublishedKey {
    return { algorithm: CHECKPOINT_ALGORITHM, keyId: this.keyId, publicKeyPem: this.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
  }

  /** Why the checkpoint's signature does not hold, or undefined when it does. */
  problemWith(c: HeadCheckpoint): string | undefined {
    if (c.keyId !== this.keyId) return `checkpoint ${c.sequence} names key ${c.keyId}, the verifying key is ${this.keyId}`;
    let signature: Buffer;
    try {
      signature = Buffer.from(c.signature, 'base64');
    } catch {
      return `checkpoint ${c.sequence} has no readable signature`;
    }
    return verify(null, Buffer.from(signedStatement(c)), this.publicKey, signature) ? undefined : `the signature of checkpoint ${c.sequence} does not verify: the checkpoint was altered or not signed by key ${this.keyId}`;
  }
}

/** Signs checkpoints with a private key that lives outside the event log. */
export class CheckpointSigner extends CheckpointVerifier {
  constructor(private readonly privateKey: KeyObject) {
    super(createPublicKey(privateKey));
  }

  sign(unsigned: Omit<HeadCheckpoint, 'keyId' | 'signature'>): HeadCheckpoint {
    const statement = { ...unsigned, keyId: this.keyId };
    return { ...statement, signature: sign(null, Buffer.from(signedStatement(statement)), this.privateKey).toString('base64') };
  }
}

/**
 * The checkpoint signing key: WIJKZORG_ANCHOR_SIGNING_KEY (an Ed25519 private key as PKCS#8 PEM,
 * or the base64 of its DER) when set, otherwise a key generated once into `keyFile` in the data
 * directory. Configure it from a secret store in production: a key beside the log can be replaced
 * along with the log (outsiders' copies of the public key and the checkpoints still expose that).
 */
export function loadCheckpointSigner(env: { WIJKZORG_ANCHOR_SIGNING_KEY?: string }, keyFile: string): { signer: CheckpointSigner; generated: boolean } {
  const configured = env.WIJKZORG_ANCHOR_SIGNING_KEY?.trim();
  if (configured) return { signer: new CheckpointSigner(parsePrivateKey(configured, 'WIJKZORG_ANCHOR_SIGNING_KEY')), generated: false };
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first: use theirs
    }
  }
  return { signer: new CheckpointSigner(parsePrivateKey(readFileSync(keyFile, 'utf8'), keyFile)), generated: true };
}

/** A store of generated secrets every instance shares (application's SecretStore, structurally). */
export interface SharedSecrets {
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/** As loadCheckpointSigner, but a generated key comes from the shared secrets, so every instance signs with the same key. */
export async function loadSharedCheckpointSigner(env: { WIJKZORG_ANCHOR_SIGNING_KEY?: string }, secrets: SharedSecrets): Promise<{ signer: CheckpointSigner; generated: boolean }> {
  const configured = env.WIJKZORG_ANCHOR_SIGNING_KEY?.trim();
  if (configured) return { signer: new CheckpointSigner(parsePrivateKey(configured, 'WIJKZORG_ANCHOR_SIGNING_KEY')), generated: false };
  const pem = await secrets.getOrCreate('anchor-signing-key', () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  return { signer: new CheckpointSigner(parsePrivateKey(pem, 'the shared anchor-signing-key')), generated: true };
}

function parsePrivateKey(text: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN') ? createPrivateKey(text) : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new Error(`${source} is not a PKCS#8 private key (PEM or base64 DER): ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}
