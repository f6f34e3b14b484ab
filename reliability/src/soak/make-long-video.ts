/** Generates (once) the 2-hour slide deck used by the long-extraction soak; prints its path. */
import { cachedLongDeck } from '../lib/videos.js';

const startedMs = Date.now();
const file = await cachedLongDeck(7_200);
console.info(`${file} (${((Date.now() - startedMs) / 1000).toFixed(1)} s)`);
