/** Replaced at bundle time; the source tree reports the development version. */
declare const __SEALBOOK_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __SEALBOOK_VERSION__ === 'string' ? __SEALBOOK_VERSION__ : '0.1.0-dev';
