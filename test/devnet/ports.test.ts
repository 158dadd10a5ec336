/**
 * Port choice of devnets (devnet/ports.ts): free ports below the kernel's ephemeral range, reserved
 * machine-wide so that two devnets created at once never share one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePorts, RESERVATION_MS, RESERVATIONS, reservePort } from '../../devnet/ports.ts';

/** A PID that no process has (a child that has exited). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('devnet ports', () => {
  it('chooses distinct free ports and reserves each for this process', async () => {
    const ports = await freePorts('127.0.0.1', 12);
    assert.equal(new Set(ports).size, 12);
    // Below the kernel's ephemeral range: no `listen(0)` of another process is handed one of them.
    const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number) as [number];
    for (const port of ports) {
      assert.ok(port >= 20_000 && port < ephemeralLow, `port ${port} is outside [20000, ${ephemeralLow})`);
      assert.equal(readFileSync(join(RESERVATIONS, String(port)), 'utf8'), String(process.pid));
      assert.equal(reservePort(port), false, 'a reserved port is not handed out again');
    }
  });

  it('takes over a reservation whose process is gone, or that is older than the reservation time', async () => {
    const [port] = (await freePorts('127.0.0.1', 1)) as [number];
    const path = join(RESERVATIONS, String(port));
    writeFileSync(path, String(deadPid()));
    assert.equal(reservePort(port), true, 'the reserving process has exited');
    writeFileSync(path, String(process.ppid));
    assert.equal(reservePort(port), false, 'a live process holds it');
    const old = (Date.now() - RESERVATION_MS - 60_000) / 1000;
    utimesSync(path, old, old);
    assert.equal(reservePort(port), true, 'the reservation has expired');
    writeFileSync(path, 'not a pid');
    assert.equal(reservePort(port), true, 'an unreadable reservation is taken over');
    rmSync(path, { force: true });
  });

  it('removes reservations that no longer hold when a process first reserves, so the folder does not grow', () => {
    const stale = join(RESERVATIONS, '1');
    writeFileSync(stale, String(deadPid()));
    const live = join(RESERVATIONS, '2');
    writeFileSync(live, String(process.pid));
    const ports = new URL('../../devnet/ports.ts', import.meta.url).href;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import(${JSON.stringify(ports)}).then((m) => m.freePorts('127.0.0.1', 1))`],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.equal(existsSync(stale), false, 'the dead process’s reservation is gone');
    assert.equal(existsSync(live), true, 'a live process’s reservation stays');
    rmSync(live, { force: true });
  });
});
