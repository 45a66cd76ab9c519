/** The part of SaxonJS 2.7 (no bundled types) that the validator uses. */
declare module 'saxon-js' {
  interface TransformOptions {
    readonly stylesheetFileName?: string;
    readonly stylesheetInternal?: unknown;
    readonly stylesheetBaseURI?: string;
    readonly sourceText: string;
    readonly destination: 'serialized';
  }
  interface TransformResult {
    readonly principalResult: string;
    /** The prepared stylesheet, to pass back in for the next call (no re-parse). */
    readonly stylesheetInternal: unknown;
  }
  const SaxonJS: {
    transform(options: TransformOptions, mode: 'sync'): TransformResult;
  };
  export default SaxonJS;
}
