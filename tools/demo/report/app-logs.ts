import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AppProcess } from '@paystream/testing';

/** Every app's log, one file each, under `<base>-logs/` (kept when a run fails, to see why). */
export function writeAppLogs(base: string, apps: readonly AppProcess[]): void {
  mkdirSync(`${base}-logs`, { recursive: true });
  apps.forEach((app, i) =>
    writeFileSync(path.join(`${base}-logs`, `${i}-${app.options.app}.log`), app.logs.join('\n')),
  );
}
