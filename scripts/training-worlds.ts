import { join } from 'node:path';

/**
 * The worlds the shipped models are trained and calibrated on (models/DATA.md): the demo world and
 * the training corpus. The cross-source world is never among them.
 */
export const TRAINING_PROFILES = ['demo', 'train'] as const;

/** Demo-world pages in the training data: enough for its sources, few enough to leave room for the corpus. */
export const TRAINING_DEMO_PAGES = 1500;

/** Where a training world is ingested under the training folder (`.train` by default). */
export function trainingWorldDir(dir: string, profile: (typeof TRAINING_PROFILES)[number]): string {
  return profile === 'demo' ? dir : join(dir, profile);
}
