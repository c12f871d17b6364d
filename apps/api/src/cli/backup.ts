import { resolve } from 'node:path';
import { backupDataDir, restoreDataDir } from '@opc/platform/stores/embedded-backup';

/**
 * npm run backup -- <target-dir>      back up DATA_DIR (default ./data), even while the server runs
 * npm run restore -- <backup-dir>     restore into DATA_DIR, which must be empty or absent
 */
const [command, arg] = process.argv.slice(2);
const dataDir = resolve(process.env.DATA_DIR ?? './data');

async function main(): Promise<void> {
  if (command === 'backup' && arg) {
    const m = backupDataDir(dataDir, resolve(arg));
    process.stdout.write(
      `backed up ${dataDir} to ${resolve(arg)}: events up to position ${m.eventHead}; ${m.files.join(', ')}\n`,
    );
  } else if (command === 'restore' && arg) {
    const m = await restoreDataDir(resolve(arg), dataDir);
    process.stdout.write(
      `restored ${resolve(arg)} (made ${m.createdAt}, events up to position ${m.eventHead}) into ${dataDir}; ` +
        'start the server on it: the read models catch up from their checkpoints\n',
    );
  } else {
    process.stderr.write(
      'usage: npm run backup -- <target-dir> | npm run restore -- <backup-dir>   (DATA_DIR: the data directory)\n',
    );
    process.exit(2);
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${command}: ${e.message}\n`);
  process.exit(1);
});
