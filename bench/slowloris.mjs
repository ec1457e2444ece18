// bench/slowloris.mjs URL SLOW HEADER_TIMEOUT_HINT: open SLOW sockets that send a
// header byte every 2 s, then time one normal request on a new connection
// (Connection: close). Prints the milliseconds it took, or "timeout" past 20 s.
import net from 'node:net';

const [url, slowArg] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const slow = [];
for (let i = 0; i < Number(slowArg); i++) {
  const s = net.connect(Number(port), hostname);
  s.on('error', () => {});
  const text = 'GET /healthz HTTP/1.1\r\nX-Slow: ' + 'a'.repeat(10000);
  let k = 0;
  s.on('connect', () => { s.write(text[k++]); });
  slow.push({ s, tick: setInterval(() => { if (!s.destroyed) s.write(text[k++]); }, 2000) });
}
await new Promise((r) => setTimeout(r, 1500));
const t0 = Date.now();
const ms = await new Promise((resolve) => {
  const c = net.connect(Number(port), hostname);
  let data = '';
  const timer = setTimeout(() => { c.destroy(); resolve('timeout'); }, 20000);
  c.on('error', () => {});
  c.on('data', (d) => {
    data += d;
    if (/^HTTP\/1\.1 200 /.test(data)) { clearTimeout(timer); c.destroy(); resolve(Date.now() - t0); }
  });
  c.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
});
console.log(ms);
for (const x of slow) { clearInterval(x.tick); x.s.destroy(); }
process.exit(0);
