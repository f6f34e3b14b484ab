/** Pixel rectangle in the video frame (origin top-left). */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rectangle as fractions (0–1) of the frame's width and height. */
export type NormalisedBox = PixelRect;

/** Half-open span [startMs, endMs): on screen from startMs until endMs, both on frame boundaries. */
export interface TimeSpanMs {
  startMs: number;
  endMs: number;
}

export type Background = { kind: 'color'; color: string } | { kind: 'testsrc2' };

/** A filled rectangle; color in ffmpeg syntax ("black@0.7", "0x336699"). */
export interface BoxLayer extends TimeSpanMs {
  rect: PixelRect;
  color: string;
}

export interface TextLayer extends TimeSpanMs {
  text: string;
  /** Anchor x: the left edge, the centre or the right edge of the text, according to `align`. */
  xPx: number;
  align: 'left' | 'center' | 'right';
  /** Top of the text line. */
  yPx: number;
  fontSizePx: number;
  color: string;
  bold?: boolean;
  /** Whether a good OCR should find this line (false for decorations). */
  truth: boolean;
}

/** A running timecode (`%{pts:hms}`) that changes every frame: never ground truth. */
export interface ClockLayer {
  xPx: number;
  yPx: number;
  fontSizePx: number;
  color: string;
  boxColor: string;
}

export interface VideoSpec {
  kind: string;
  durationS: number;
  width: number;
  height: number;
  fps: number;
  /** Maximum keyframe distance (x264 `-g`); scene-cut keyframes are off, so it is exact. */
  keyframeIntervalS: number;
  background: Background;
  boxes: BoxLayer[];
  texts: TextLayer[];
  clock?: ClockLayer;
  /** ffmpeg `noise` strength (alls), temporal; applied after the text is drawn. */
  noiseStrength?: number;
  /** Add a tiny silent AAC track. */
  audio: boolean;
  /** x264 constant rate factor. */
  crf: number;
}

export interface GroundTruthLine extends TimeSpanMs {
  text: string;
  bbox: NormalisedBox;
}

export interface GroundTruth {
  durationMs: number;
  width: number;
  height: number;
  fps: number;
  lines: GroundTruthLine[];
}
