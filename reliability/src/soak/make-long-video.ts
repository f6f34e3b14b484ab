/** Generates (once) the 2-hour slide deck used by the long-extraction soak; prints its path. */
import { cachedSlideDeck } from '../lib/videos.js';

const startedMs = Date.now();
const file = await cachedSlideDeck(7_200, 60);
console.info(`${file} (${((Date.now() - startedMs) / 1000).toFixed(1)} s)`);
