import type { Background, VideoSpec } from './types.js';

export const DEFAULT_FPS = 25;
export const DEFAULT_KEYFRAME_INTERVAL_S = 10;

/** Options every spec builder takes. */
export interface CommonSpecOptions {
  durationS: number;
  /** Seed for the deterministic text generator. */
  seed?: number;
  fps?: number;
  keyframeIntervalS?: number;
  audio?: boolean;
  /** x264 CRF; 23 unless the builder says otherwise. */
  crf?: number;
}

/** Round seconds to the nearest frame boundary, in whole ms (25 fps → multiples of 40 ms). */
export function frameMs(seconds: number, fps: number): number {
  return Math.round((Math.round(seconds * fps) * 1000) / fps);
}

/** A spec with no layers yet; durations are rounded to whole frames. */
export function baseSpec(
  kind: string,
  options: CommonSpecOptions,
  size: { width: number; height: number },
  background: Background,
): VideoSpec {
  const fps = options.fps ?? DEFAULT_FPS;
  if (!(options.durationS > 0)) throw new RangeError(`${kind}: durationS must be > 0, got ${options.durationS}`);
  return {
    kind,
    durationS: Math.round(options.durationS * fps) / fps,
    width: size.width,
    height: size.height,
    fps,
    keyframeIntervalS: options.keyframeIntervalS ?? DEFAULT_KEYFRAME_INTERVAL_S,
    background,
    boxes: [],
    texts: [],
    audio: options.audio ?? true,
    crf: options.crf ?? 23,
  };
}
