// Entry point of the bundled Action (dist/index.js): the runner starts it with INPUT_* and GITHUB_* set.
import * as core from '@actions/core';
import { runAction } from './main.js';

try {
  await runAction();
} catch (err) {
  core.setFailed(`sglint: internal error: ${err instanceof Error ? err.message : String(err)}`);
}
