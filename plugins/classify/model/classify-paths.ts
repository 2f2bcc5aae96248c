import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../core/package-root.js';

/** From the package root so the sources (tsx) and the compiled dist/ find the same files. */
const CLASSIFY_DIR = join(PACKAGE_ROOT, 'plugins', 'classify');

/** corpus/: train/ (generated), dev/ and held-out/ (hand-written). */
export const DEFAULT_CORPUS_DIR = join(CLASSIFY_DIR, 'corpus');

/** models/default: the model trained from the committed corpus. */
export const DEFAULT_MODEL_DIR = join(CLASSIFY_DIR, 'models', 'default');
