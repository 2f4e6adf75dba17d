import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  if (process.env.WIJKZORG_SEED_CACHE) rmSync(process.env.WIJKZORG_SEED_CACHE, { recursive: true, force: true });
}
