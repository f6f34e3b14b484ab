import type { BoxLayer, ClockLayer, TextLayer, TimeSpanMs, VideoSpec } from './types.js';

/**
 * Escape a value for a filter option inside a filtergraph (two levels, as ffmpeg's docs describe):
 * first the option level (\ ' :), then the graph level (\ ' [ ] , ;).
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** `enable=` for a half-open span: shifted half a frame back so frame-time rounding cannot matter. */
function enableExpression(span: TimeSpanMs, fps: number): string {
  const halfFrameS = 0.5 / fps;
  const fromS = (span.startMs / 1000 - halfFrameS).toFixed(4);
  const toS = (span.endMs / 1000 - halfFrameS).toFixed(4);
  return `enable='between(t,${fromS},${toS})'`;
}

function boxFilter(box: BoxLayer, fps: number): string {
  const { x, y, w, h } = box.rect;
  return `drawbox=x=${x}:y=${y}:w=${w}:h=${h}:color=${box.color}:t=fill:${enableExpression(box, fps)}`;
}

function xExpression(text: TextLayer): string {
  if (text.align === 'center') return `${text.xPx}-text_w/2`;
  if (text.align === 'right') return `${text.xPx}-text_w`;
  return String(text.xPx);
}

export interface FontFiles {
  regular: string;
  bold: string;
}

/** One drawtext per line; the text comes from its own file with expansion off, so it is literal. */
function textFilter(text: TextLayer, textFile: string, fonts: FontFiles, fps: number): string {
  return [
    `drawtext=fontfile=${escapeFilterValue(text.bold === true ? fonts.bold : fonts.regular)}`,
    `textfile=${escapeFilterValue(textFile)}`,
    'expansion=none',
    `fontsize=${text.fontSizePx}`,
    `fontcolor=${text.color}`,
    `x=${xExpression(text)}`,
    `y=${text.yPx}`,
    enableExpression(text, fps),
  ].join(':');
}

function clockFilter(clock: ClockLayer, fonts: FontFiles): string {
  return [
    `drawtext=fontfile=${escapeFilterValue(fonts.regular)}`,
    `text='%{pts\\:hms}'`,
    `fontsize=${clock.fontSizePx}`,
    `fontcolor=${clock.color}`,
    'box=1',
    `boxcolor=${clock.boxColor}`,
    'boxborderw=8',
    `x=${clock.xPx}`,
    `y=${clock.yPx}`,
  ].join(':');
}

/** The whole video filter chain: boxes, text, clock, noise, pixel format. */
export function buildFilterGraph(spec: VideoSpec, textFiles: readonly string[], fonts: FontFiles): string {
  const filters: string[] = spec.boxes.map((box) => boxFilter(box, spec.fps));
  spec.texts.forEach((text, i) => {
    const file = textFiles[i];
    if (file === undefined) throw new RangeError(`no text file for text layer ${i}`);
    filters.push(textFilter(text, file, fonts, spec.fps));
  });
  if (spec.clock !== undefined) filters.push(clockFilter(spec.clock, fonts));
  if (spec.noiseStrength !== undefined) filters.push(`noise=alls=${spec.noiseStrength}:allf=t`);
  filters.push('format=yuv420p');
  return filters.join(',\n');
}

/** The lavfi source of the background picture. */
export function backgroundSource(spec: VideoSpec): string {
  const size = `s=${spec.width}x${spec.height}:r=${spec.fps}:d=${spec.durationS}`;
  if (spec.background.kind === 'testsrc2') return `testsrc2=${size}`;
  return `color=c=${spec.background.color}:${size}`;
}
