/** The part of SaxonJS 2.7 (no bundled types) that the validator uses. */
declare module 'saxon-js' {
  interface TransformOptions {
    readonly stylesheetFileName?: string;
    readonly stylesheetInternal?: unknown;
    readonly stylesheetBaseURI?: string;
    readonly sourceText: string;
    readonly destination: 'serialized';
    /** Documents document() finds without reading a file again, by absolute URI. */
    readonly documentPool?: Readonly<Record<string, unknown>>;
  }
  interface TransformResult {
    readonly principalResult: string;
    /** The prepared stylesheet, to pass back in for the next call (no re-parse). */
    readonly stylesheetInternal: unknown;
  }
  const SaxonJS: {
    transform(options: TransformOptions, mode: 'sync'): TransformResult;
    getResource(options: { readonly file: string; readonly type: 'xml' }): Promise<unknown>;
  };
  export default SaxonJS;
}
