/**
 * The files of a drop, with dropped folders walked through the browser's
 * entry API (subfolders too, hidden files left out): a bookkeeper drops the
 * folder a mail client saved, not its files one by one.
 */

/** Folder depth walked at most: a link loop must not walk forever. */
const MAX_DEPTH = 16;

async function walkEntries(entries: readonly FileSystemEntry[]): Promise<File[]> {
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry, depth: number): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    } else if (entry.isDirectory && depth < MAX_DEPTH) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries answers in batches (about 100 in Chromium) until it answers none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) if (!child.name.startsWith('.')) await walk(child, depth + 1);
      }
    }
  };
  for (const entry of entries) await walk(entry, 0);
  return files;
}

/** Every file of a drop, folders walked; a drop without entries (some platforms) gives its plain file list. */
export async function droppedFileTree(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((entry): entry is FileSystemEntry => entry !== null);
  return entries.length === 0 ? [...transfer.files] : walkEntries(entries);
}
