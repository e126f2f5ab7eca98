import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Verdict } from '../db/types.js';
import { MACHINE_CLASSES, nested } from '../detectors/verdict/verdict-model.js';
import { CALIBRATION_FORMAT, subsetKey, type CalibrationFile } from './calibrate.js';
import { PolicyError } from './policy-error.js';

/**
 * A calibration file (`corpus-audit calibrate`) as the policy reads it: for a page's verdict and
 * language, the thresholds to judge it by.
 */
export class CalibratedThresholds {
  readonly digest: string;
  /** Verdicts judged by another verdict file than the one calibrated (they keep their own thresholds). */
  mismatched = 0;

  constructor(
    readonly file: CalibrationFile,
    readonly path: string,
  ) {
    this.digest = createHash('sha256').update(JSON.stringify(file)).digest('hex');
  }

  static load(path: string): CalibratedThresholds {
    let file: Partial<Record<keyof CalibrationFile, unknown>>;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as typeof file;
    } catch (err) {
      throw new PolicyError(`cannot read the thresholds file ${path}: ${(err as Error).message}`);
    }
    if (
      file.format !== CALIBRATION_FORMAT ||
      typeof file.fits !== 'object' ||
      typeof file.verdict !== 'string'
    ) {
      throw new PolicyError(
        `${path} is not a thresholds file of corpus-audit calibrate (format ${CALIBRATION_FORMAT})`,
      );
    }
    return new CalibratedThresholds(file as CalibrationFile, path);
  }

  /**
   * The thresholds for a page in `lang` with `verdict`: the calibrated language's, over the
   * calibrated pooled ones, over the verdict's own; undefined when the file has no thresholds of
   * that language for the verdict's detector subset, or calibrated another verdict file.
   */
  thresholdsFor(verdict: Verdict, lang: string | undefined): Verdict['thresholds'] | undefined {
    if (verdict.calibration !== this.file.verdict) {
      this.mismatched++;
      return undefined;
    }
    const fit = this.file.fits[subsetKey(verdict.detectors)];
    const own = fit?.languages[lang ?? 'und'];
    if (!fit || !own) return undefined;
    const out: Verdict['thresholds'] = {};
    for (const cls of MACHINE_CLASSES) {
      out[cls] = nested({ ...verdict.thresholds[cls], ...fit.thresholds[cls], ...own.thresholds[cls] });
    }
    return out;
  }
}
