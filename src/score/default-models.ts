import { join } from 'node:path';
import { packageRoot } from '../../db/version.js';

/**
 * The models the repository ships (trained by models/train/train.py and scripts/fit-verdict.ts; the
 * sentence embedder by models/train/train_embedder.py, used only when asked for).
 */
export function defaultModels(): {
  classifier: string;
  observer: string;
  performer: string;
  verdict: string;
  embedder: string;
} {
  const root = join(packageRoot(), 'models');
  return {
    classifier: join(root, 'mgt-classifier'),
    observer: join(root, 'lm-observer'),
    performer: join(root, 'lm-performer'),
    verdict: join(root, 'verdict', 'verdict.json'),
    embedder: join(root, 'sentence-embedder'),
  };
}
