import { UserError } from '../../db/errors.js';
import {
  checkOptionNames,
  checkWholeNumber,
  type ListsEveryOption,
  type MustHold,
} from '../../db/options.js';
import type { CrawlOptions } from './crawl.js';

/** Every option `crawl()` takes: another key is a typo, refused (`checkOptionNames`). */
const CRAWL_OPTION_NAMES = [
  'seeds',
  'store',
  'warcPath',
  'allowPrivate',
  'maxPages',
  'maxDepth',
  'include',
  'exclude',
  'followAlternates',
  'hostDelayMs',
  'perHost',
  'concurrency',
  'retries',
  'backoffMs',
  'timeoutMs',
  'maxBytes',
  'sitemaps',
  'render',
  'resume',
  'workers',
  'onProblem',
  'onProgress',
  'detectors',
  'onStageProgress',
] as const satisfies readonly (keyof CrawlOptions)[];
// The list and the interface agree: a new option not listed here fails to compile.
type _CrawlOptionsListed = MustHold<ListsEveryOption<typeof CRAWL_OPTION_NAMES, CrawlOptions>>;

export function checkCrawlOptions(options: CrawlOptions): void {
  checkOptionNames('crawl()', options, CRAWL_OPTION_NAMES);
  if (options.seeds.length === 0) throw new UserError('crawl(): give at least one seed URL');
  for (const [name, min] of [
    ['maxPages', 1],
    ['maxDepth', 0],
    ['concurrency', 1],
    ['perHost', 1],
    ['retries', 0],
    ['timeoutMs', 1],
    ['hostDelayMs', 0],
    ['backoffMs', 0],
    ['maxBytes', 1],
    ['workers', 0],
  ] as const) {
    checkWholeNumber('crawl()', name, options[name], min);
  }
}
