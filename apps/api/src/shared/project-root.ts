import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (where package.json names wijkzorg), from source or from dist alike. */
export function projectRoot(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'wijkzorg') return dir;
  }
  throw new Error('cannot find the wijkzorg project root');
}
