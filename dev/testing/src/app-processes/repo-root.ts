import * as path from 'node:path';

/** The repository's root: apps run with it as their working directory. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
