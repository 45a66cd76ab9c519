import { roleAllows } from '../../../src-shared/roles.js';
import type { AppState } from '../app.js';
import { receiptsRuntime } from './runtime.js';
import { readWatchFolder } from './service.js';
import { FolderWatcher } from './watch.js';

/**
 * Receipts work that starts with every unlock in the desktop app and the
 * browser host (the CLI stays side-effect free at unlock): batches a crash
 * cut off resume, the text phase catches up, and the watched folder is
 * polled, for a user whose role may import.
 */
export function installReceiptsBackground(app: AppState, log: (message: string, error: unknown) => void): () => void {
  let watcher: FolderWatcher | null = null;
  const stopWatcher = (): void => {
    watcher?.stop();
    watcher = null;
  };
  const stopListening = app.onSessionStarted((session) => {
    stopWatcher();
    if (!roleAllows(session.role, 'receipts.import')) return;
    const runtime = receiptsRuntime(app);
    // Let the unlock answer first; the journal is read on the next turn.
    setImmediate(() => {
      if (app.session !== session) return;
      runtime.resume(session).catch((error: unknown) => log('[sealbook] receipts resume failed', error));
      watcher = new FolderWatcher(
        () => (app.session === session ? readWatchFolder(runtime.context(session)) : null),
        async (paths) => {
          const { report } = await runtime.importPaths(session, paths, true);
          if (!report) throw new Error('The watched-folder import gave no report.');
          return report;
        },
        5000,
        (error) => log('[sealbook] watched folder import failed', error),
      );
      watcher.start();
    });
  });
  const stopOnLock = app.events.on('session.locked', stopWatcher);
  return () => {
    stopWatcher();
    stopListening();
    stopOnLock();
  };
}
