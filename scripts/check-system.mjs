#!/usr/bin/env node
/**
 * Runs before `npm test`: the tests drive Debian's Chromium, read exports back with LibreOffice
 * and poppler, and talk to PostgreSQL and Redis. What is missing is installed when this runs as
 * root with apt-get; otherwise it stops at once with the exact command to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Debian package → the command it provides. */
const PACKAGES = {
  chromium: 'chromium',
  'libreoffice-calc': 'soffice',
  'libreoffice-writer': 'soffice',
  'poppler-utils': 'pdftotext',
  zip: 'zip',
  unzip: 'unzip',
};

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function writerInstalled() {
  return spawnSync('dpkg', ['-s', 'libreoffice-writer'], { stdio: 'ignore' }).status === 0;
}

const missing = Object.entries(PACKAGES)
  .filter(([pkg, command]) =>
    pkg === 'libreoffice-writer' ? has('dpkg') && !writerInstalled() : !has(command),
  )
  .map(([pkg]) => pkg);

if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    console.error(`Les tests ont besoin de paquets Debian absents : ${missing.join(', ')}.`);
    console.error(`Installez-les avec : sudo ${command}`);
    process.exit(1);
  }
  console.info(`Installation des paquets Debian manquants : ${missing.join(', ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

// PostgreSQL and Redis run on the project's machines; start them if they are down.
if (
  has('pg_isready') &&
  spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status !== 0
) {
  if (has('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    const [version] = readdirSync('/etc/postgresql');
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
      stdio: 'inherit',
    });
  }
}
if (
  has('redis-cli') &&
  spawnSync('redis-cli', ['-h', '127.0.0.1', 'ping'], { stdio: 'ignore' }).status !== 0
) {
  if (has('redis-server')) {
    spawnSync(
      'redis-server',
      [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '--port',
        '6379',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'inherit' },
    );
  }
}
