import { describe, expect, it } from 'vitest';
import { isJunkLine, joinRowPieces, parseTsvLines } from './parse-tsv.js';

const TSV = [
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
  '1\t1\t0\t0\t0\t0\t0\t0\t1280\t720\t-1\t',
  '4\t1\t1\t1\t1\t0\t100\t100\t300\t40\t-1\t',
  '5\t1\t1\t1\t1\t1\t100\t100\t140\t40\t96.0\tQuarterly',
  '5\t1\t1\t1\t1\t2\t250\t102\t150\t38\t90.0\trevenue',
  '5\t1\t2\t1\t1\t1\t500\t600\t20\t20\t30.0\t~',
].join('\n');

describe('parseTsvLines', () => {
  it('groups words into lines with a union box and a length-weighted confidence', () => {
    const lines = parseTsvLines(TSV);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      text: 'Quarterly revenue',
      confidence: (96 * 9 + 90 * 7) / 16 / 100,
      left: 100,
      top: 100,
      width: 300,
      height: 40,
    });
  });

  it('drops junk: low confidence, single characters, symbol soup', () => {
    expect(isJunkLine({ text: 'Quarterly revenue', confidence: 0.9 }, 0.6)).toBe(false);
    expect(isJunkLine({ text: 'Quarterly revenue', confidence: 0.4 }, 0.6)).toBe(true);
    expect(isJunkLine({ text: 'a', confidence: 0.99 }, 0.6)).toBe(true);
    expect(isJunkLine({ text: '|~=-_ ;', confidence: 0.99 }, 0.6)).toBe(true);
    expect(isJunkLine({ text: '12%', confidence: 0.9 }, 0.6)).toBe(false);
  });
});

describe('joinRowPieces', () => {
  const piece = (text: string, left: number, top: number, width: number, height = 16, confidence = 0.9) => ({
    text,
    confidence,
    left,
    top,
    width,
    height,
  });
  it('joins the pieces of one row that sparse segmentation cut apart, in reading order', () => {
    const joined = joinRowPieces([piece('toast', 250, 101, 50), piece("It's good on", 120, 100, 120)]);
    expect(joined).toEqual([{ text: "It's good on toast", confidence: 0.9, left: 120, top: 100, width: 180, height: 17 }]);
  });

  it('keeps apart other rows, far columns, different sizes and junk', () => {
    const lines = [
      piece('Quarterly revenue', 100, 100, 200),
      piece('grew again', 100, 130, 120), // the next row
      piece('Page 3', 900, 100, 60), // a column away
      piece('Title', 310, 96, 80, 40), // much taller
      piece('~~', 305, 100, 10, 16, 0.3), // junk
    ];
    expect(joinRowPieces(lines).map((l) => l.text)).toEqual(['Title', 'Quarterly revenue', '~~', 'Page 3', 'grew again']);
  });

  it('joins a sentence going on in small letters past an ellipsis OCR did not read, not a capitalised label', () => {
    const rows = [
      piece('Virtual reality', 121, 348, 148, 16), // "...what" 31 px on: 1.9 heights
      piece('what is there to say?', 300, 349, 208, 15),
      piece('Revenue', 121, 400, 80, 16),
      piece('Margin', 232, 400, 70, 16), // the same gap before a capital: another label
    ];
    expect(joinRowPieces(rows).map((l) => l.text)).toEqual(['Virtual reality what is there to say?', 'Revenue', 'Margin']);
  });

  it("joins a list's numbering to its item, and only numbering read with confidence", () => {
    const rows = [
      piece('1.', 129, 191, 18, 13), // as read in a terminal recording: 1.4 heights apart
      piece('Ramen', 165, 191, 57, 13),
      piece('iv)', 128, 220, 24),
      piece('Pasta', 164, 220, 50),
      piece('7.', 128, 250, 20, 16, 0.3), // a guess
      piece('Soup', 164, 250, 40),
      piece('~.', 128, 280, 20), // not numbering
      piece('Tomato', 164, 280, 60),
    ];
    expect(joinRowPieces(rows).map((l) => l.text)).toEqual(['1. Ramen', 'iv) Pasta', '7.', 'Soup', '~.', 'Tomato']);
  });
});
