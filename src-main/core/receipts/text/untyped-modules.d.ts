// Declarations for dependencies that ship without TypeScript types.
// The language data packages ship no types; each exports where its files are.
declare module '@tesseract.js-data/eng' {
  const data: { readonly code: string; readonly gzip: boolean; readonly langPath: string };
  export default data;
}
declare module '@tesseract.js-data/deu' {
  const data: { readonly code: string; readonly gzip: boolean; readonly langPath: string };
  export default data;
}
declare module '@tesseract.js-data/fra' {
  const data: { readonly code: string; readonly gzip: boolean; readonly langPath: string };
  export default data;
}

// heic-decode ships no types: it decodes the main image of a HEIC/HEIF file to RGBA pixels.
declare module 'heic-decode' {
  interface DecodedHeic {
    readonly width: number;
    readonly height: number;
    readonly data: Uint8ClampedArray;
  }
  function decode(input: { buffer: Uint8Array }): Promise<DecodedHeic>;
  export default decode;
}
