import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * No YAML parser is installed, so the config is read as lines: each block
 * is cut out by its top-level key and its required lines are looked up.
 */
const text = readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8');
// Comments dropped (whole-line and trailing); values here never contain ' #'.
const lines = text.split('\n').map((line) => (line.trimStart().startsWith('#') ? '' : line.replace(/\s+#.*$/, '').trimEnd()));

/** The lines under a top-level `key:` up to the next top-level key, trimmed. */
function block(key: string): string[] {
  const start = lines.indexOf(`${key}:`);
  if (start === -1) throw new Error(`electron-builder.yml has no top-level '${key}:'`);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line !== '' && !line.startsWith(' ')) break;
    if (line.trim() !== '') body.push(line.trim());
  }
  return body;
}

function topLevel(key: string): string | undefined {
  return lines.find((line) => line.startsWith(`${key}:`))?.slice(key.length + 1).trim();
}

describe('electron-builder.yml', () => {
  it('names the app and its folders', () => {
    expect(topLevel('appId')).toBe('app.sealbook.desktop');
    expect(topLevel('productName')).toBe('Sealbook');
    expect(block('directories')).toEqual(['output: release', 'buildResources: resources']);
  });

  it('ships the build, the manifest and node_modules, never sources or tests', () => {
    const files = block('files');
    for (const entry of ['- dist/**/*', '- package.json', '- node_modules/**/*', '- "!tests/**"', '- "!src-main/**"', '- "!src-renderer/**"', '- "!src-shared/**"']) {
      expect(files).toContain(entry);
    }
    expect(files.some((entry) => /^- "?src-/.test(entry))).toBe(false);
  });

  it('packs into asar with native modules unpacked and fonts as extra resources', () => {
    expect(topLevel('asar')).toBe('true');
    expect(block('asarUnpack')).toEqual(['- "**/*.node"']);
    expect(block('extraResources')).toEqual([
      '- from: resources/fonts',
      'to: resources/fonts',
      '- from: resources/icc',
      'to: resources/icc',
      '- from: dist/einvoice-rules',
      'to: einvoice-rules',
    ]);
    expect(topLevel('npmRebuild')).toBe('false');
  });

  it('sets every security fuse', () => {
    expect(block('electronFuses').sort()).toEqual(
      [
        'runAsNode: false',
        'enableNodeOptionsEnvironmentVariable: false',
        'enableNodeCliInspectArguments: false',
        'grantFileProtocolExtraPrivileges: false',
        'enableCookieEncryption: true',
        'enableEmbeddedAsarIntegrityValidation: true',
        'onlyLoadAppFromAsar: true',
      ].sort(),
    );
  });

  it('targets AppImage and deb, NSIS, and a hardened dmg', () => {
    const linux = block('linux');
    expect(linux).toEqual(expect.arrayContaining(['- AppImage', '- deb', 'category: Office']));
    expect(block('win')).toContain('- nsis');
    expect(block('mac')).toEqual(expect.arrayContaining(['- dmg', 'category: public.app-category.finance', 'hardenedRuntime: true']));
  });

  it('has no duplicate top-level keys and no tabs', () => {
    const keys = lines.filter((line) => /^[A-Za-z]\w*:/.test(line)).map((line) => line.slice(0, line.indexOf(':')));
    expect(new Set(keys).size).toBe(keys.length);
    expect(text.includes('\t')).toBe(false);
  });
});
