import { describe, expect, it } from 'vitest';
import { escapeHtml, HIGHLIGHT_POST_TAG as POST, HIGHLIGHT_PRE_TAG as PRE, renderHighlight } from './highlight.js';

describe('renderHighlight', () => {
  it('escapes everything and turns marker pairs into <mark>', () => {
    expect(renderHighlight(`<b>${PRE}revenue${POST}</b> & "q" 'x'`)).toBe(
      '&lt;b&gt;<mark>revenue</mark>&lt;/b&gt; &amp; &quot;q&quot; &#39;x&#39;',
    );
  });

  it('cannot be tricked by mark tags in the text itself', () => {
    expect(renderHighlight(`<mark>fake</mark> ${PRE}real${POST}`)).toBe('&lt;mark&gt;fake&lt;/mark&gt; <mark>real</mark>');
  });

  it('drops unbalanced or empty markers instead of emitting broken markup', () => {
    expect(renderHighlight(`a${PRE}b`)).toBe('ab');
    expect(renderHighlight(`a${POST}b${PRE}${POST}c`)).toBe('abc');
    expect(renderHighlight(`${PRE}a${PRE}b${POST}`)).toBe('a<mark>b</mark>');
  });

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
