/**
 * Requests PDF exports of a cycle back to back until killed, from its own process (like another
 * person's browser), so that downloading does not load the process measuring propagation.
 * Usage: node export-loop.ts <url> <cookie>; prints the count on SIGTERM.
 */
const [url, cookie] = process.argv.slice(2);
let count = 0;
let running = true;
process.on('SIGTERM', () => {
  running = false;
});
while (running) {
  const response = await fetch(url!, { headers: { cookie: cookie! } });
  await response.arrayBuffer();
  count++;
}
console.info(String(count));
