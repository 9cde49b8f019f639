/**
 * Where the package's own files are, from src/ (tests) or dist/ (built) alike.
 * Kept apart from main.ts so that light commands (decode) need not load the
 * server to find them.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SCENARIO_DIR = resolve(PACKAGE_ROOT, 'scenarios/demo');
export const DEFAULT_WEB_DIR = resolve(PACKAGE_ROOT, 'dist/web');
