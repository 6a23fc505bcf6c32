// Locates the installed package's root, to find data files (meter maps, schemas) from source or from dist/.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory holding charger-agent's package.json, found by walking up from this module. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'charger-agent') return (cached = dir);
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the charger-agent package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
