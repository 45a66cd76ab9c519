/** A tiny XML writer for the invoice serialisers: escaped text, optional elements left out. */
export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type Attrs = Readonly<Record<string, string>>;

/** `<name attrs>children</name>`; children are already-serialised strings. */
export function el(name: string, attrs: Attrs, ...children: (string | null | false)[]): string {
  const attrText = Object.entries(attrs)
    .map(([key, value]) => ` ${key}="${esc(value)}"`)
    .join('');
  return `<${name}${attrText}>${children.filter((child): child is string => typeof child === 'string').join('')}</${name}>`;
}

/** A text element, or nothing when the value is empty. */
export function leaf(name: string, value: string | null | undefined, attrs: Attrs = {}): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return el(name, attrs, esc(value));
}

/** Only when at least one child is present. */
export function group(name: string, ...children: (string | null | false)[]): string | null {
  return children.some((child) => typeof child === 'string') ? el(name, {}, ...children) : null;
}
