// `npm start` on a fresh clone: install dependencies first when they are missing or stale.
const { existsSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  console.log('eduaid: installing dependencies (npm ci)…');
  execSync('npm ci', { cwd: root, stdio: 'inherit' });
}
