// Writes the static assets the Python app serves.
const fs = require('fs');
const pad = require('left-pad');
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/version.txt', `${pad('1', 3, '0')}\n`);
