import { rgb } from 'pdf-lib';
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';
import type { InvoiceFonts } from './fonts.js';

/** A4 in points, with the margins the layout uses. */
export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 545.28, top: 800, bottom: 92 } as const;

export const INK = {
  text: rgb(0.13, 0.15, 0.18),
  muted: rgb(0.42, 0.45, 0.5),
  accent: rgb(0.12, 0.29, 0.49),
  rule: rgb(0.82, 0.84, 0.87),
  band: rgb(0.93, 0.95, 0.97),
} as const;

export interface TextStyle {
  readonly size: number;
  readonly bold?: boolean;
  readonly color?: RGB;
}

const widthCache = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 20_000;

/**
 * A cursor over pages: draws text top-down and starts a new page (through the
 * caller's `onNewPage`, which repeats headers) when the next block does not fit.
 */
export class PageWriter {
  page: PDFPage;
  y: number = PAGE.top;
  readonly pages: PDFPage[] = [];
  onNewPage: (writer: PageWriter) => void = () => undefined;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: InvoiceFonts,
  ) {
    this.page = this.addPage();
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(page);
    return page;
  }

  /** Makes room for `height` points, breaking the page when needed. Returns true on a break. */
  ensure(height: number): boolean {
    if (this.y - height >= PAGE.bottom) return false;
    this.page = this.addPage();
    this.y = PAGE.top;
    this.onNewPage(this);
    return true;
  }

  font(style: TextStyle): PDFFont {
    return style.bold === true ? this.fonts.bold : this.fonts.regular;
  }

  /**
   * Advance width of `text`. fontkit shapes text (GSUB/GPOS) on every
   * measurement, which dominated layout time; pdf-lib sums advance widths
   * without kerning, so a width per (face, text) at size 1 is exact to reuse
   * across documents (the font files never change).
   */
  width(text: string, style: TextStyle): number {
    const key = `${style.bold === true ? 'b' : 'r'}${text}`;
    let unit = widthCache.get(key);
    if (unit === undefined) {
      unit = this.font(style).widthOfTextAtSize(text, 1);
      if (widthCache.size >= WIDTH_CACHE_LIMIT) widthCache.clear();
      widthCache.set(key, unit);
    }
    return unit * style.size;
  }

  /** Draws with the baseline at `y`; `align` picks which edge `x` is. */
  text(text: string, x: number, y: number, style: TextStyle, align: 'left' | 'right' | 'center' = 'left', page = this.page): void {
    if (text.length === 0) return;
    const width = align === 'left' ? 0 : this.width(text, style);
    const left = align === 'right' ? x - width : align === 'center' ? x - width / 2 : x;
    page.drawText(text, { x: left, y, size: style.size, font: this.font(style), color: style.color ?? INK.text });
  }

  rule(x1: number, x2: number, y: number, color: RGB = INK.rule, thickness = 0.6, page = this.page): void {
    page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
  }

  box(x: number, y: number, width: number, height: number, color: RGB): void {
    this.page.drawRectangle({ x, y, width, height, color });
  }

  /** Greedy word wrap; a word wider than the column is cut by characters. */
  wrap(text: string, maxWidth: number, style: TextStyle): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      const space = this.width(' ', style);
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
        // Measure words, not growing lines: widths add up (no kerning in pdf-lib's widths).
        const wordWidth = this.width(word, style);
        const candidateWidth = line ? lineWidth + space + wordWidth : wordWidth;
        if (candidateWidth <= maxWidth) {
          line = line ? `${line} ${word}` : word;
          lineWidth = candidateWidth;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (this.width(rest, style) > maxWidth) {
          let cut = rest.length - 1;
          while (cut > 1 && this.width(rest.slice(0, cut), style) > maxWidth) cut -= 1;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
        lineWidth = this.width(rest, style);
      }
      lines.push(line);
    }
    return lines;
  }

  /** Writes wrapped text at the cursor, breaking pages between lines. */
  paragraph(text: string, x: number, maxWidth: number, style: TextStyle, leading = style.size * 1.35): void {
    for (const line of this.wrap(text, maxWidth, style)) {
      this.ensure(leading);
      this.y -= leading;
      this.text(line, x, this.y, style);
    }
  }
}
