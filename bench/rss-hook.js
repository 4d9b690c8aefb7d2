// Loaded with --require: reports the process's peak memory on stderr at exit.
process.on('exit', () => {
  process.stderr.write(`\n@@maxrss_kb=${process.resourceUsage().maxRSS}\n`);
});
