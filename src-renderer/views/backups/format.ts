/** Bytes as a short size a person reads ("12.4 MB"). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
}

/** The S3 connection fields shared by "Add target" and the restore wizard. */
export interface ConnectionValues {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
  allowInsecureLocalhost: boolean;
  caPem: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function emptyConnection(): ConnectionValues {
  return { endpoint: '', region: 'us-east-1', bucket: '', prefix: '', pathStyle: false, allowInsecureLocalhost: false, caPem: '', accessKeyId: '', secretAccessKey: '' };
}
