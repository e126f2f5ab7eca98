import { execFileSync } from 'node:child_process';

/** Child-process tests run `bin/corpus-audit.js`, which needs the built JavaScript. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
