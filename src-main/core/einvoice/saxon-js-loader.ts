import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import type SaxonJSModule from 'saxon-js';

/**
 * SaxonJS 2.7.0 with two changes that keep every result and cut most of its
 * fixed cost per transform (issue 10 benchmarks). Before each transform
 * SaxonJS sets the prepared stylesheet up again: it walks the whole compiled
 * stylesheet three times to find its package and global-context declarations
 * (50,000-60,000 SEF nodes for the EN 16931 rules), and rebuilds every mode's
 * rule table, compiling each template's match pattern anew (600 templates for
 * Factur-X): 20-30 ms per invoice and sheet, for the same result every
 * time. Here the walk remembers, per prepared stylesheet, which nodes it
 * found and hands the same nodes in the same order to the same callbacks, and
 * each mode's rule table (which holds no per-transform state) is built once
 * per compiled mode. Only those exact, known pieces of the library are
 * replaced; any other SaxonJS build is loaded unchanged (then slower, never
 * different), and `memoisedWalks` says which one runs.
 */
type SaxonJS = typeof SaxonJSModule;

const TESTED_VERSION = '2.7.0';
/** In the transform's context setup: L(kind, callback) calls callback on every node of that kind in the stylesheet x. */
const WALK = 'function L(X,V){H(x,X,V)}';
/** The same, from a list kept per stylesheet (a WeakMap the loader passes in as __sealbookWalks). */
const REMEMBERED_WALK =
  'function L(X,V){let M=__sealbookWalks.get(x);M||__sealbookWalks.set(x,M=new Map);let F=M.get(X);F||(F=[],H(x,X,function(n){F.push(n)}),M.set(X,F));F.forEach(function(n){V(n)})}';
/** What WALK calls: the plain recursive walk. Checked too, so that WALK still means what it meant. */
const RECURSION = 'function H(X,V,ha){X.N===V&&ha(X);X.C&&X.C.forEach(function(w){H(w,V,ha)})}';
/** In the same setup: each mode component gets a new rule table (class Si) built from its SEF node Y. */
const MODE_TABLE = '"mode"===Y.N&&(y.mode=new Si(Y,ld),';
/** The same, one table per SEF mode node (a WeakMap the loader passes in as __sealbookModes). */
const REMEMBERED_MODE_TABLE = '"mode"===Y.N&&(y.mode=__sealbookModes.get(Y)||(__sealbookModes.set(Y,new Si(Y,ld)),__sealbookModes.get(Y)),';

/** What SaxonJS 2.7.0 assigns to the global object when it loads. */
const LIBRARY_GLOBALS = ['abstractNode', 'HostPlatform'];

const here = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));

function load(): { saxon: SaxonJS; memoisedWalks: boolean } {
  const path = here.resolve('saxon-js');
  const stock = (): { saxon: SaxonJS; memoisedWalks: boolean } => ({ saxon: here('saxon-js') as SaxonJS, memoisedWalks: false });
  const { version } = JSON.parse(readFileSync(join(dirname(path), 'package.json'), 'utf8')) as { version?: string };
  const source = readFileSync(path, 'utf8');
  const once = (piece: string): boolean => source.split(piece).length === 2;
  if (version !== TESTED_VERSION || !once(WALK + RECURSION) || !once(MODE_TABLE)) return stock();
  // The library assigns two globals without declaring them; declared here, this copy keeps its own (a stock copy loaded too stays intact).
  const body = `var ${LIBRARY_GLOBALS.join(', ')};\n${source.replace(WALK, REMEMBERED_WALK).replace(MODE_TABLE, REMEMBERED_MODE_TABLE)}`;
  const wrapped = runInThisContext(`(function (exports, require, module, __filename, __dirname, __sealbookWalks, __sealbookModes) {${body}\n})`, {
    filename: path,
  }) as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string, ...memo: WeakMap<object, unknown>[]) => void;
  const module = { exports: {} as unknown };
  wrapped(module.exports, createRequire(path), module, path, dirname(path), new WeakMap(), new WeakMap());
  return { saxon: module.exports as SaxonJS, memoisedWalks: true };
}

const loaded = load();

export const SaxonJS: SaxonJS = loaded.saxon;
/** True when the remembered walks and mode tables are in use (the installed SaxonJS is the tested build). */
export const memoisedWalks: boolean = loaded.memoisedWalks;
